/**
 * A copy of `source` holding only `keys`, in that order. The sandbox's JSON views name the
 * fields they show instead of spreading a record, which may carry secrets, callback URLs or
 * request flags that must not be shown.
 */
export function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const copy = {} as Pick<T, K>;
  for (const key of keys) copy[key] = source[key];
  return copy;
}
