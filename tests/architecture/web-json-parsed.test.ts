// The web reads JSON only through a check (ARCHITECTURE.md, "Web": data validated with the shared
// zod contracts). Response.json() and Request.json() return `any`, so `(await res.json()) as T`,
// `const x: T = await res.json()` or `.then((r) => r.json()).then((x: T) => ...)` are casts
// that no one checks. This reads every apps/web source file with the TypeScript parser and fails
// on a `.json()` whose value goes anywhere but:
//   - straight into a call (`schema.safeParse(await res.json())`, a type guard), or
//   - a variable, assignment target or function result declared `unknown` (narrowed after).
// No build or server needed. Run alone: node --import tsx --test tests/architecture/web-json-parsed.test.ts
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB = 'apps/web';

interface Finding {
  line: number;
  text: string;
  why: string;
}

const isUnknown = (type: ts.TypeNode | undefined): boolean => type?.kind === ts.SyntaxKind.UnknownKeyword;

/** `unknown` or `Promise<unknown>`. */
function isUnknownResult(type: ts.TypeNode | undefined): boolean {
  if (isUnknown(type)) return true;
  return (
    !!type &&
    ts.isTypeReferenceNode(type) &&
    type.typeName.getText() === 'Promise' &&
    type.typeArguments?.length === 1 &&
    isUnknown(type.typeArguments[0])
  );
}

/** Names declared `: unknown` anywhere in the file (`let body: unknown;` then `body = await req.json()`). */
function unknownNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && isUnknown(node.type)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/** Where the value of `.json()` goes: climbs over parentheses, `await` and the arms of `a ? b : c`. */
function consumer(call: ts.Node): { node: ts.Node; via: ts.Node } {
  let via: ts.Node = call;
  let node = call.parent;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAwaitExpression(node) ||
    (ts.isConditionalExpression(node) && node.condition !== via)
  ) {
    via = node;
    node = node.parent;
  }
  return { node, via };
}

/** Why this `.json()` value is unchecked, or null when it goes somewhere allowed. */
function verdict(call: ts.CallExpression, unknowns: Set<string>): string | null {
  const { node, via } = consumer(call);
  if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) return `cast to ${node.type.getText()}`;
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.includes(via as ts.Expression))
    return null;
  if (ts.isVariableDeclaration(node))
    return isUnknown(node.type) ? null : node.type ? `declared ${node.type.getText()}` : 'an untyped variable (any)';
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.right === via)
    return ts.isIdentifier(node.left) && unknowns.has(node.left.text) ? null : 'assigned to something not unknown';
  const fn = ts.isReturnStatement(node)
    ? ts.findAncestor(node, ts.isFunctionLike)
    : ts.isArrowFunction(node) && node.body === via
      ? node
      : undefined;
  if (fn) return isUnknownResult(fn.type) ? null : 'returned as any (declare the result unknown, or parse it)';
  return `used as any (${ts.SyntaxKind[node.kind]})`;
}

/** Every `.json()` (no arguments) in a source text whose value is not checked. */
export function uncheckedJson(fileName: string, source: string): Finding[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const unknowns = unknownNames(file);
  const found: Finding[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      node.arguments.length === 0 &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'json'
    ) {
      const why = verdict(node, unknowns);
      if (why) {
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push({ line, text: source.split('\n')[line - 1]!.trim().slice(0, 120), why });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

describe('the detector', () => {
  const verdicts = (code: string) => uncheckedJson('x.ts', code).map((f) => f.why);
  test('flags casts, typed or untyped variables and typed callbacks fed by .json()', () => {
    assert.deepEqual(verdicts('async function f(res: Response) { return (await res.json()) as { a: 1 }; }'), [
      'cast to { a: 1 }',
    ]);
    assert.deepEqual(verdicts('async function f(res: Response) { const x = <T>await res.json(); }'), ['cast to T']);
    assert.deepEqual(verdicts('async function f(res: Response) { const x: Order = await res.json(); }'), [
      'declared Order',
    ]);
    assert.deepEqual(verdicts('async function f(res: Response) { const x = await res.json(); }'), [
      'an untyped variable (any)',
    ]);
    assert.deepEqual(verdicts('fetch(u).then((r) => (r.ok ? r.json() : null)).then((b: T | null) => b);'), [
      'returned as any (declare the result unknown, or parse it)',
    ]);
    assert.deepEqual(verdicts('async function f(r: Response): Promise<T> { return r.json(); }'), [
      'returned as any (declare the result unknown, or parse it)',
    ]);
    assert.deepEqual(verdicts('async function f(r: Response) { let b: T; b = await r.json(); }'), [
      'assigned to something not unknown',
    ]);
  });

  test('accepts parsing, unknown variables and unknown results', () => {
    const ok = [
      'async function f(r: Response) { return schema.safeParse(await r.json()); }',
      'async function f(r: Response) { const b: unknown = await r.json(); }',
      'async function f(r: Response) { let b: unknown; b = await r.json(); }',
      'fetch(u).then((r): Promise<unknown> => (r.ok ? r.json() : Promise.resolve(null)));',
      'async function f(r: Response): Promise<unknown> { return r.json(); }',
      'async function f(r: Response) { return isPreview(await r.json()); }',
    ];
    for (const code of ok) assert.deepEqual(verdicts(code), [], code);
  });
});

describe('apps/web', () => {
  test('reads no JSON without a check: no `.json()` cast, typed or left as any', () => {
    const files = sourceFiles(WEB);
    assert.ok(files.length > 100, `found the web's sources (${files.length})`);
    const problems = files.flatMap((file) =>
      uncheckedJson(file, readFileSync(path.join(ROOT, file), 'utf8')).map(
        (f) => `${file}:${f.line}: ${f.why}\n    ${f.text}`,
      ),
    );
    assert.deepEqual(
      problems,
      [],
      `parse the answer with its contract (@sokoni/contracts) instead:\n${problems.join('\n')}`,
    );
  });
});
