// The scan behind tests/architecture/table-ownership.test.ts: which tables a TypeScript file
// writes, read from its text (Kysely calls and `sql` templates), and which module a file is in.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type WriteOp = 'insert' | 'update' | 'delete';
export interface TableWrite {
  op: WriteOp;
  table: string;
  line: number;
}

const KYSELY_WRITE =
  /\b(insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\(\s*(?:(['"`])([A-Za-z_][\w]*)(?:\s+as\s+\w+)?\2)?/g;
const KYSELY_OP: Record<string, WriteOp> = {
  insertInto: 'insert',
  replaceInto: 'insert',
  updateTable: 'update',
  deleteFrom: 'delete',
  mergeInto: 'update',
};
const SQL_WRITE = /\b(insert\s+into|update|delete\s+from)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/**
 * The text of every sql`...` / sql<T>`...` template in the file with its start offset; `${...}`
 * parts are blanked (they are values, never SQL text we wrote).
 */
export function sqlTemplates(text: string): { body: string; start: number }[] {
  const found: { body: string; start: number }[] = [];
  const opener = /\bsql\s*(?:<[^`;]*?>)?\s*`/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    let i = m.index + m[0].length;
    const start = i;
    let body = '';
    while (i < text.length && text[i] !== '`') {
      if (text[i] === '\\') {
        body += '  ';
        i += 2;
        continue;
      }
      if (text[i] === '$' && text[i + 1] === '{') {
        let depth = 1;
        i += 2;
        body += '  ';
        while (i < text.length && depth > 0) {
          if (text[i] === '{') depth++;
          else if (text[i] === '}') depth--;
          body += text[i] === '\n' ? '\n' : ' ';
          i++;
        }
        continue;
      }
      body += text[i];
      i++;
    }
    found.push({ body, start });
    opener.lastIndex = i + 1;
  }
  return found;
}

/**
 * Writes in a file: Kysely insertInto/updateTable/deleteFrom (table '' when it is not a string
 * literal, so it cannot be checked) and INSERT INTO / UPDATE / DELETE FROM inside sql templates,
 * for names in knownTables (so "FOR UPDATE", "DO UPDATE SET" and the like never count).
 */
export function tableWrites(text: string, knownTables: ReadonlySet<string>): TableWrite[] {
  const writes: TableWrite[] = [];
  for (const m of text.matchAll(KYSELY_WRITE)) {
    writes.push({ op: KYSELY_OP[m[1]!]!, table: m[3] ?? '', line: lineOf(text, m.index) });
  }
  for (const template of sqlTemplates(text)) {
    for (const m of template.body.matchAll(SQL_WRITE)) {
      const table = m[2]!.toLowerCase();
      if (!knownTables.has(table)) continue;
      const keyword = m[1]!.toLowerCase();
      writes.push({
        op: keyword.startsWith('insert') ? 'insert' : keyword.startsWith('update') ? 'update' : 'delete',
        table,
        line: lineOf(text, template.start + m.index),
      });
    }
  }
  return writes.sort((a, b) => a.line - b.line);
}

/** apps/api/src/modules/<m>/... -> m; apps/api/src/<dir>/... -> dir (platform, worker, queues ...). */
export function moduleOf(fileUnderSrc: string): string {
  const parts = fileUnderSrc.split(path.sep).join('/').split('/');
  if (parts[0] === 'modules' && parts.length > 2) return parts[1]!;
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return typeScriptFiles(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

/** Tables the migrations create (CREATE TABLE at the start of a line; temp tables and partitions made in functions are not tables of ours). */
export function migrationTables(migrationsDir: string): Set<string> {
  const tables = new Set<string>();
  for (const file of readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const text = readFileSync(path.join(migrationsDir, file), 'utf8');
    for (const m of text.matchAll(/^CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)\s*\(/gm)) tables.add(m[1]!);
  }
  return tables;
}
