import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { spreadsheetSafe } from '../../platform/spreadsheet-cell';

/**
 * Rows -> CSV bytes -> out, one row at a time: `pipeline` waits whenever `out` is full (a slow
 * phone, a slow disk), so memory holds a cursor batch, not the file. UTF-8 with a BOM so Excel
 * reads Swahili names and "KSh" right; CRLF and RFC 4180 quoting (csv-stringify quotes a cell
 * with a comma, quote or line break and doubles its quotes); every text cell through
 * spreadsheetSafe (a name starting with = + - @ never runs as a formula). Amounts are integers.
 * Resolves with the number of rows written; if out goes away (download cancelled) it rejects and
 * the row source is closed (the cursor and its transaction end).
 */
export async function writeCsv(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: readonly string[],
  out: Writable,
  onProgress?: (rowsDone: number) => void,
): Promise<number> {
  let count = 0;
  async function* records() {
    for await (const row of rows) {
      count += 1;
      if (onProgress && count % 1_000 === 0) onProgress(count);
      yield columns.map((c) => cell(row[c]));
    }
  }
  await pipeline(
    Readable.from(records()),
    stringify({ bom: true, header: true, columns: [...columns], record_delimiter: 'windows' }),
    out,
  );
  return count;
}

function cell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return spreadsheetSafe(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return spreadsheetSafe(JSON.stringify(value));
}
