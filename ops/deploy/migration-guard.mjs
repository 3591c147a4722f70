#!/usr/bin/env node
/**
 * Expand/contract guard for blue/green deploys (ARCHITECTURE.md, "Deploys: expand, then contract").
 *
 * Migrations run BEFORE the switch, while the previous release (the other colour) still serves.
 * So a new migration must not take away anything that release reads: a column it selects, a table
 * it queries, a type it expects. This guard reads the SQL of every migration the previous release
 * did not have and fails on the destructive statements:
 *
 *   ALTER TABLE t DROP [COLUMN] c          ALTER TABLE t RENAME [COLUMN] c TO d
 *   ALTER TABLE t RENAME TO u              ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE ...
 *   DROP TABLE t / DROP VIEW t             ALTER TYPE ... / DROP TYPE ...
 *
 * unless what they remove is not part of the previous release's schema (packages/db/src/schema.ts
 * at that release: the Kysely view is every table and column the code can read), or the migration
 * says, on a line of its own, that the contract step is deliberate:
 *
 *   -- contract: orders.legacy_note unused since 2026.12.1
 *   -- contract: old_table unused since 2026.12.1
 *
 * (for a type: `-- contract: type order_status unused since ...`). Statements inside function
 * bodies ($$ ... $$) are code, not schema changes, and are not read.
 *
 * The previous release: PREVIOUS_RELEASE (a git ref), else the newest `release-*` tag, else none:
 * then every migration is checked against the working tree's schema.ts.
 *
 * CLI: node ops/deploy/migration-guard.mjs [--previous <ref>]  -> exit 0, or 1 naming each problem.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MIGRATIONS_DIR = 'packages/db/migrations';
export const SCHEMA_FILE = 'packages/db/src/schema.ts';

/** `-- contract: <table>.<column> | <table> | type <name> unused since <release>` lines. */
export function contractMarkers(sql) {
  const markers = new Set();
  for (const match of sql.matchAll(/^\s*--\s*contract:\s*(type\s+)?([a-z_][a-z0-9_.]*)\s+unused since\s+\S+/gim)) {
    markers.add(`${match[1] ? 'type ' : ''}${match[2].toLowerCase()}`);
  }
  return markers;
}

/** The SQL without comments, string literals and dollar-quoted bodies (function code). */
export function schemaStatements(sql) {
  const stripped = sql
    .replace(/\$([a-z_]*)\$[\s\S]*?\$\1\$/gi, "''")
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/'(?:[^']|'')*'/g, "''");
  return stripped
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const IDENT = '"?([a-z_][a-z0-9_]*)"?';
const TABLE = `(?:IF EXISTS )?(?:ONLY )?(?:"?public"?\\.)?${IDENT}`;

/**
 * What a migration takes away: [{ kind, table, column?, type?, statement }].
 * kind: drop_column | rename_column | rename_table | alter_column_type | drop_table | drop_view | alter_type | drop_type
 */
export function destructiveChanges(sql) {
  const changes = [];
  for (const statement of schemaStatements(sql)) {
    const alter = new RegExp(`^ALTER TABLE ${TABLE} (.*)$`, 'i').exec(statement);
    if (alter) {
      const table = alter[1].toLowerCase();
      // One ALTER TABLE may carry several comma-separated actions.
      for (const action of alter[2].split(/,(?![^()]*\))/).map((a) => a.trim())) {
        let m;
        if ((m = new RegExp(`^RENAME TO ${IDENT}`, 'i').exec(action))) {
          changes.push({ kind: 'rename_table', table, statement });
        } else if ((m = new RegExp(`^RENAME (?:COLUMN )?${IDENT} TO ${IDENT}`, 'i').exec(action))) {
          if (m[1].toLowerCase() !== 'constraint')
            changes.push({ kind: 'rename_column', table, column: m[1].toLowerCase(), statement });
        } else if ((m = new RegExp(`^DROP (?:COLUMN )?(?:IF EXISTS )?${IDENT}`, 'i').exec(action))) {
          const word = m[1].toLowerCase();
          // DROP CONSTRAINT / DEFAULT / NOT NULL etc. are not columns (NOT NULL is expand-safe for readers).
          if (!['constraint', 'default', 'not', 'expression', 'identity'].includes(word))
            changes.push({ kind: 'drop_column', table, column: word, statement });
        } else if ((m = new RegExp(`^ALTER (?:COLUMN )?${IDENT} (?:SET DATA )?TYPE `, 'i').exec(action))) {
          changes.push({ kind: 'alter_column_type', table, column: m[1].toLowerCase(), statement });
        }
      }
      continue;
    }
    let m;
    if ((m = /^DROP (TABLE|VIEW|MATERIALIZED VIEW) (?:IF EXISTS )?(.*)$/i.exec(statement))) {
      for (const name of m[2].replace(/\b(CASCADE|RESTRICT)\b/gi, '').split(',')) {
        const table = name
          .trim()
          .replace(/^"?public"?\./i, '')
          .replace(/"/g, '')
          .toLowerCase();
        if (table)
          changes.push({ kind: m[1].toUpperCase() === 'TABLE' ? 'drop_table' : 'drop_view', table, statement });
      }
    } else if ((m = new RegExp(`^ALTER TYPE (?:"?public"?\\.)?${IDENT} `, 'i').exec(statement))) {
      // ADD VALUE only widens an enum: readers of the old release never see a value they lack
      // until new code writes it, which is the expand step. Everything else (RENAME VALUE,
      // RENAME TO, ...) changes what the running release reads.
      if (!/ ADD VALUE /i.test(statement)) changes.push({ kind: 'alter_type', type: m[1].toLowerCase(), statement });
    } else if ((m = new RegExp(`^DROP TYPE (?:IF EXISTS )?(?:"?public"?\\.)?${IDENT}`, 'i').exec(statement))) {
      changes.push({ kind: 'drop_type', type: m[1].toLowerCase(), statement });
    }
  }
  return changes;
}

/**
 * Tables and columns a release's code can read, from its schema.ts (the Kysely Database
 * interface: table name -> interface -> property names).
 * @param {string} schemaSource
 * @returns {Map<string, Set<string>>}
 */
export function schemaColumns(schemaSource) {
  /** @type {Map<string, Set<string>>} */
  const interfaces = new Map();
  for (const match of schemaSource.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const columns = new Set();
    for (const prop of match[2].matchAll(/^ {2}([a-z_][a-z0-9_]*)\??:/gm)) columns.add(prop[1]);
    interfaces.set(match[1], columns);
  }
  const database = interfaces.get('Database');
  if (!database) throw new Error('schema.ts: no `export interface Database` found');
  /** @type {Map<string, Set<string>>} */
  const tables = new Map();
  const body = /export interface Database \{([\s\S]*?)\n\}/.exec(schemaSource)[1];
  for (const row of body.matchAll(/^ {2}([a-z_][a-z0-9_]*): (\w+);/gm)) {
    tables.set(row[1], interfaces.get(row[2]) ?? new Set());
  }
  return tables;
}

/**
 * Problems with one migration against the previous release's tables: [] when expand-safe.
 * @param {string} name
 * @param {string} sql
 * @param {Map<string, Set<string>>} previousTables
 */
export function checkMigration(name, sql, previousTables) {
  const markers = contractMarkers(sql);
  const problems = [];
  for (const change of destructiveChanges(sql)) {
    let subject;
    let readByPrevious;
    if (change.kind === 'alter_type' || change.kind === 'drop_type') {
      subject = `type ${change.type}`;
      // Enum types are read by the code as string unions: any change to one is a contract step.
      readByPrevious = true;
    } else if (change.column) {
      subject = `${change.table}.${change.column}`;
      readByPrevious = previousTables.get(change.table)?.has(change.column) ?? false;
    } else {
      subject = change.table;
      readByPrevious = previousTables.has(change.table);
    }
    if (!readByPrevious || markers.has(subject)) continue;
    problems.push({
      migration: name,
      kind: change.kind,
      subject,
      statement: change.statement.slice(0, 200),
      message:
        `${name}: ${change.kind.replace(/_/g, ' ')} of ${subject}, which the running release still reads. ` +
        `Expand/contract: add the new shape now, switch the code over in this release, and remove the old one ` +
        `in a later release with a \`-- contract: ${subject} unused since <release>\` line.`,
    });
  }
  return problems;
}

function git(args) {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** PREVIOUS_RELEASE, else the newest release-* tag, else null. */
export function previousReleaseRef(explicit = process.env.PREVIOUS_RELEASE) {
  if (explicit) return explicit;
  try {
    const tags = git(['tag', '--list', 'release-*', '--sort=-creatordate']).split('\n').filter(Boolean);
    return tags[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Checks the migrations the previous release did not have (all of them without a release)
 * against that release's schema.ts. Returns { ref, checked: [names], problems: [...] }.
 */
export function checkRepository({ ref = previousReleaseRef(), root = ROOT } = {}) {
  const dir = path.join(root, MIGRATIONS_DIR);
  const all = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  let released = new Set();
  let schemaSource;
  if (ref) {
    released = new Set(
      git(['ls-tree', '--name-only', `${ref}:${MIGRATIONS_DIR}`])
        .split('\n')
        .filter(Boolean),
    );
    schemaSource = git(['show', `${ref}:${SCHEMA_FILE}`]);
  } else {
    schemaSource = readFileSync(path.join(root, SCHEMA_FILE), 'utf8');
  }
  const previousTables = schemaColumns(schemaSource);
  const checked = all.filter((f) => !released.has(f));
  const problems = checked.flatMap((f) => checkMigration(f, readFileSync(path.join(dir, f), 'utf8'), previousTables));
  return { ref, checked, problems };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--previous');
  const { ref, checked, problems } = checkRepository({ ref: at > 0 ? process.argv[at + 1] : previousReleaseRef() });
  for (const problem of problems) console.error(problem.message);
  console.log(
    JSON.stringify({
      msg: problems.length ? 'migrations are not backward compatible' : 'migrations are backward compatible',
      previous_release: ref ?? '(none: every migration against the working tree schema)',
      checked: checked.length,
      problems: problems.length,
    }),
  );
  process.exit(problems.length ? 1 : 0);
}
