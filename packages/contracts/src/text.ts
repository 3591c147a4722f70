import { z } from 'zod';

/**
 * Text that reaches Postgres or a shopper's screen. Postgres refuses NUL in `text` and NUL or a
 * lone surrogate escape in `jsonb` (the request would fail as a 500), control characters have no
 * business in a product title or an SMS, and a name made of zero-width characters or carrying a
 * bidi override shows as blank or as something other than what it says. One set of rules, used by
 * the zod building blocks below and by the API's hostile-input guard, so the two never disagree.
 *
 * - `multi_line`: descriptions, messages, notes, return reasons: tab, CR and LF allowed.
 * - `single_line`: any other one-line value (codes, landmarks, search text).
 * - `name`: something shown as a label (store, product, category, customer, staff, place):
 *   single-line, no bidi overrides/isolates, and not made only of invisible characters.
 */
export type TextKind = 'multi_line' | 'single_line' | 'name';

const codePoint = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** U+202A-U+202E (embeddings, overrides) and U+2066-U+2069 (isolates): they reorder what follows. */
const isBidiControl = (unit: number) => (unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069);

/** Whitespace, zero-width characters, joiners, bidi marks and controls, variation selectors. */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;

/**
 * The first reason `value` is not acceptable text of this kind, worded to follow a field name
 * ("title contains a NUL character (U+0000)"), or null when it is fine.
 */
export function textProblem(value: string, kind: TextKind = 'multi_line'): string | null {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20) {
      if (unit === 0x00) return 'contains a NUL character (U+0000)';
      const lineOrTab = unit === 0x09 || unit === 0x0a || unit === 0x0d;
      if (lineOrTab && kind === 'multi_line') continue;
      if (lineOrTab) return unit === 0x09 ? 'contains a tab; keep it on one line' : 'contains a line break; keep it on one line';
      return `contains a control character (${codePoint(unit)})`;
    }
    if (unit === 0x7f || (unit >= 0x80 && unit <= 0x9f)) return `contains a control character (${codePoint(unit)})`;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains a lone surrogate (${codePoint(unit)}): not valid Unicode text`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return `contains a lone surrogate (${codePoint(unit)}): not valid Unicode text`;
    if (kind === 'name' && isBidiControl(unit)) return `contains a bidirectional override (${codePoint(unit)}) that can disguise what it says`;
  }
  // Whitespace alone is left to trim() + min(): an optional label may be blank.
  if (kind === 'name' && value.trim() !== '' && INVISIBLE_ONLY.test(value)) return 'has no visible characters (only zero-width or formatting characters)';
  return null;
}

function textSchema(kind: TextKind) {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** One-line text (chain `.trim().max(n)` as usual). */
export const singleLineText = textSchema('single_line');
/** Text where tab and line breaks are fine: descriptions, messages, notes, reasons. */
export const multiLineText = textSchema('multi_line');
/** A label people read: store, product, category, option, customer, staff or place name. */
export const displayName = textSchema('name');

/** Deepest JSON nesting the API accepts; real bodies stay under 6. */
export const MAX_JSON_DEPTH = 32;

/** `problem` is worded to follow the path: `${path || 'body'} ${problem}`. */
export interface JsonProblem { kind: 'text' | 'too_deep'; path: string; problem: string }

const keyPath = (parent: string, key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`);

/**
 * The first problem in a parsed JSON value (or query/params object), in document order: a
 * string or key that is not acceptable `kind` text, or nesting deeper than `maxDepth`. Paths read
 * `a.b[2].c` ('' is the value itself). Iterative, so a 100,000-level body cannot exhaust the
 * stack; bytes (Buffer/Uint8Array) are opaque.
 */
export function findJsonProblem(value: unknown, options: { kind?: TextKind; maxDepth?: number } = {}): JsonProblem | null {
  const kind = options.kind ?? 'multi_line';
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current, kind);
      if (problem) return { kind: 'text', path, problem };
      continue;
    }
    if (typeof current !== 'object' || current === null || current instanceof Uint8Array) continue;
    if (depth + 1 > maxDepth) return { kind: 'too_deep', path, problem: `is nested more than ${maxDepth} levels deep` };
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(current)) {
      current.forEach((item, index) => children.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key, 'single_line');
        if (problem) return { kind: 'text', path, problem: `has a field name that ${problem}` };
        children.push({ value: item, path: keyPath(path, key), depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}
