// Services fit in a head (ARCHITECTURE.md, "API"): every *.service.ts under apps/api/src is at
// most 300 lines as formatted (Prettier, printWidth 120) and every injectable class in it takes at
// most 8 constructor dependencies. Past either, split by responsibility (messaging and payments
// show how). Measured after formatting, because that is what a reader scrolls through.
// No build or database needed. Run alone: node --import tsx --test tests/architecture/service-size.test.ts
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');
const API_SRC = path.join(ROOT, 'apps/api/src');
const MAX_LINES = 300;
const MAX_DEPENDENCIES = 8;

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serviceFiles(full);
    return entry.name.endsWith('.service.ts') ? [full] : [];
  });
}

/** Each class's constructor parameter count (a Nest provider's injected dependencies). */
function constructorDependencies(file: string, text: string): { className: string; count: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { className: string; count: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node)) {
      const ctor = node.members.find(ts.isConstructorDeclaration);
      found.push({ className: node.name?.text ?? '(anonymous)', count: ctor?.parameters.length ?? 0 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = serviceFiles(API_SRC);

describe('services fit in a head', () => {
  test('the scan finds the services', () => {
    assert.ok(files.length >= 40, `expected the API's services, found ${files.length}`);
  });

  test(`no service file is over ${MAX_LINES} lines`, () => {
    const over = files
      .map((file) => ({ file: path.relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    assert.deepEqual(over, [], `split these by responsibility:\n${over.join('\n')}`);
  });

  test(`no service takes more than ${MAX_DEPENDENCIES} injected dependencies`, () => {
    const over = files.flatMap((file) =>
      constructorDependencies(file, readFileSync(file, 'utf8'))
        .filter(({ count }) => count > MAX_DEPENDENCIES)
        .map(({ className, count }) => `${path.relative(ROOT, file)} ${className}: ${count} dependencies`),
    );
    assert.deepEqual(over, [], `split these by responsibility:\n${over.join('\n')}`);
  });
});
