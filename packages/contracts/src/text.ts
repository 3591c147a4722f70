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

/** Any character textProblem's loop has something to say about, per kind. */
// Control characters are exactly what these patterns look for.
/* eslint-disable no-control-regex */
const SUSPECT: Record<TextKind, RegExp> = {
  multi_line: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/,
  single_line: /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/,
  name: /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\u202a-\u202e\u2066-\u2069]/,
};
/* eslint-enable no-control-regex */

/** Whitespace, zero-width characters, joiners, bidi marks and controls, variation selectors. */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;

/**
 * The first reason `value` is not acceptable text of this kind, worded to follow a field name
 * ("title contains a NUL character (U+0000)"), or null when it is fine.
 */
export function textProblem(value: string, kind: TextKind = 'multi_line'): string | null {
  // Fast path: most text has none of the characters the loop below looks at (the guard runs this
  // on every string of every request). Surrogate pairs (emoji) take the loop, which tells pairs
  // from lone halves.
  if (!SUSPECT[kind].test(value)) return kind === 'name' ? invisibleOnly(value) : null;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20) {
      if (unit === 0x00) return 'contains a NUL character (U+0000)';
      const lineOrTab = unit === 0x09 || unit === 0x0a || unit === 0x0d;
      if (lineOrTab && kind === 'multi_line') continue;
      if (lineOrTab)
        return unit === 0x09 ? 'contains a tab; keep it on one line' : 'contains a line break; keep it on one line';
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
    if (unit >= 0xdc00 && unit <= 0xdfff)
      return `contains a lone surrogate (${codePoint(unit)}): not valid Unicode text`;
    if (kind === 'name' && isBidiControl(unit))
      return `contains a bidirectional override (${codePoint(unit)}) that can disguise what it says`;
  }
  return kind === 'name' ? invisibleOnly(value) : null;
}

/** Whitespace alone is left to trim() + min(): an optional label may be blank. */
function invisibleOnly(value: string): string | null {
  return value.trim() !== '' && INVISIBLE_ONLY.test(value)
    ? 'has no visible characters (only zero-width or formatting characters)'
    : null;
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
export interface JsonProblem {
  kind: 'text' | 'too_deep';
  path: string;
  problem: string;
}

interface Visit {
  value: unknown;
  depth: number;
  parent: Visit | null;
  key: string | number;
}

/** `a.b[2].c`, built only for the value a problem is reported on. */
function pathOf(visit: Visit | null): string {
  let path = '';
  for (let v = visit; v && v.parent; v = v.parent) {
    const { key } = v;
    const part =
      typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    path = part + path;
  }
  return path.startsWith('.') ? path.slice(1) : path;
}

/**
 * The first problem in a parsed JSON value (or query/params object), in document order: a
 * string or key that is not acceptable `kind` text, or nesting deeper than `maxDepth`. Paths read
 * `a.b[2].c` ('' is the value itself). Iterative, so a 100,000-level body cannot exhaust the
 * stack; bytes (Buffer/Uint8Array) are opaque.
 */
export function findJsonProblem(
  value: unknown,
  options: { kind?: TextKind; maxDepth?: number } = {},
): JsonProblem | null {
  const kind = options.kind ?? 'multi_line';
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const stack: Visit[] = [{ value, depth: 0, parent: null, key: '' }];
  while (stack.length) {
    const visit = stack.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      const problem = textProblem(current, kind);
      if (problem) return { kind: 'text', path: pathOf(visit), problem };
      continue;
    }
    if (typeof current !== 'object' || current === null || current instanceof Uint8Array) continue;
    const depth = visit.depth + 1;
    if (depth > maxDepth)
      return { kind: 'too_deep', path: pathOf(visit), problem: `is nested more than ${maxDepth} levels deep` };
    // Children pushed last-first, so they pop in document order.
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], depth, parent: visit, key: i });
      continue;
    }
    const keys = Object.keys(current);
    for (const key of keys) {
      const problem = textProblem(key, 'single_line');
      if (problem) return { kind: 'text', path: pathOf(visit), problem: `has a field name that ${problem}` };
    }
    for (let i = keys.length - 1; i >= 0; i--)
      stack.push({ value: (current as Record<string, unknown>)[keys[i]!], depth, parent: visit, key: keys[i]! });
  }
  return null;
}
