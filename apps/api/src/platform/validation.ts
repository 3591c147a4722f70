import type { z } from 'zod';
import { ApiError } from './api-error';

/** Controllers parse every input with zod; a failure is a 400 with the issues, never a 500. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'query' | 'body' | 'params' | 'headers',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ApiError.validation(result.error, where);
  return result.data;
}
