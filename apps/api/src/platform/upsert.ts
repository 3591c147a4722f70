import type { ExpressionBuilder } from 'kysely';

/**
 * The SET of an upsert that takes the proposed row: `ON CONFLICT ... DO UPDATE SET col =
 * excluded.col` for each column named. For Kysely's `doUpdateSet`; the repository still writes
 * the statement (and which columns a conflict may change).
 */
export function fromExcluded<C extends string>(columns: readonly C[]) {
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}` as never)])) as Record<C, never>;
}
