import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { displayName, multiLineText, PRODUCT_LIMITS as L, SKU_CHARS_RE, textProblem } from '@sokoni/contracts';
import { z } from 'zod';
import { fromSpreadsheetSafe, spreadsheetSafe } from '../../platform/spreadsheet-cell';

/**
 * The catalog CSV: one row per variant, rows of one product share product_slug. The same
 * columns come out of the export, so an owner can export, edit in a spreadsheet, re-import.
 */
export const CSV_COLUMNS = [
  'product_slug',
  'title',
  'brand',
  'category',
  'description',
  'status',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'sku',
  'price_kes',
  'compare_at_kes',
  'stock',
] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const integer = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, `${label} must be a whole number of shillings (no decimals, commas or currency)`)
      .transform(Number)
      .optional(),
  );

export const csvRowSchema = z
  .object({
    product_slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'product_slug: lowercase letters, digits and hyphens'),
    title: displayName.trim().min(1, 'title is required').max(L.titleMax),
    brand: z.preprocess(blankToUndefined, displayName.trim().max(L.brandMax).optional()),
    category: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'category: a category slug')
        .optional(),
    ),
    description: z.preprocess(blankToUndefined, multiLineText.trim().max(L.descriptionMax).optional()),
    status: z.preprocess(blankToUndefined, z.enum(['draft', 'active', 'archived']).default('active')),
    option1_name: displayName.trim().max(L.optionNameMax).default(''),
    option1_value: displayName.trim().max(L.optionValueMax).default(''),
    option2_name: displayName.trim().max(L.optionNameMax).default(''),
    option2_value: displayName.trim().max(L.optionValueMax).default(''),
    option3_name: displayName.trim().max(L.optionNameMax).default(''),
    option3_value: displayName.trim().max(L.optionValueMax).default(''),
    sku: z
      .string()
      .trim()
      .min(1, 'sku is required')
      .max(L.skuMax)
      .regex(SKU_CHARS_RE, 'sku: letters, digits, dot, dash, underscore'),
    price_kes: integer('price_kes').pipe(
      z.number().int().min(1, 'price_kes is required and at least 1').max(L.priceMaxKes),
    ),
    compare_at_kes: integer('compare_at_kes'),
    stock: integer('stock').pipe(z.number().int().max(L.stockMax).optional()),
  })
  .superRefine((row, ctx) => {
    if (row.compare_at_kes !== undefined && row.compare_at_kes <= row.price_kes) {
      ctx.addIssue({ code: 'custom', path: ['compare_at_kes'], message: 'compare_at_kes must be above price_kes' });
    }
    for (const n of [1, 2, 3] as const) {
      const name = row[`option${n}_name`];
      const value = row[`option${n}_value`];
      if (Boolean(name) !== Boolean(value))
        ctx.addIssue({
          code: 'custom',
          path: [`option${n}_value`],
          message: `option${n}_name and option${n}_value go together`,
        });
    }
  });
export type CsvRow = z.infer<typeof csvRowSchema>;

export interface ParsedCsv {
  rows: { line: number; row: CsvRow }[];
  errors: { line: number; errors: string[] }[];
}

/** Parses and validates every row; line numbers are the spreadsheet's (header = line 1). */
export function parseCatalogCsv(text: string): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });
  } catch (error) {
    return {
      rows: [],
      errors: [
        {
          line: Number((error as { lines?: number }).lines ?? 1),
          errors: [`not valid CSV: ${(error as Error).message}`],
        },
      ],
    };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = ['product_slug', 'title', 'sku', 'price_kes'].filter((c) => !columns.includes(c));
  if (missing.length) return { rows: [], errors: [{ line: 1, errors: [`missing column(s): ${missing.join(', ')}`] }] };
  const result: ParsedCsv = { rows: [], errors: [] };
  body.forEach((cells, index) => {
    const line = index + 2;
    const record = Object.fromEntries(columns.map((c, i) => [c, fromSpreadsheetSafe(cells[i] ?? '')]));
    const undecodable = undecodableCells(record);
    if (undecodable.length) {
      result.errors.push({ line, errors: undecodable });
      return;
    }
    const parsed = csvRowSchema.safeParse(record);
    if (parsed.success) result.rows.push({ line, row: parsed.data });
    else
      result.errors.push({
        line,
        errors: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
      });
  });
  return result;
}

/**
 * Cells no schema below should ever see: bytes that were not UTF-8 (the body is decoded as UTF-8,
 * so they arrive as U+FFFD: typically a spreadsheet saved as Windows-1252 "CSV" instead of "CSV
 * UTF-8"), and NUL, control characters or lone surrogates in any column, used or not (a NUL in a
 * cell would otherwise reach Postgres, which refuses it).
 */
function undecodableCells(record: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const [column, value] of Object.entries(record)) {
    if (value.includes('\uFFFD')) errors.push(`${column}: not valid UTF-8 text (save the file as "CSV UTF-8")`);
    else {
      const problem = textProblem(value, 'multi_line');
      if (problem) errors.push(`${column}: ${problem}`);
    }
  }
  return errors;
}

export function optionsOf(row: CsvRow): { names: string[]; values: Record<string, string> } {
  const names: string[] = [];
  const values: Record<string, string> = {};
  for (const n of [1, 2, 3] as const) {
    const name = row[`option${n}_name`];
    if (name) {
      names.push(name);
      values[name] = row[`option${n}_value`];
    }
  }
  return { names, values };
}

export function toCsv(records: Record<(typeof CSV_COLUMNS)[number], string | number | null>[]): string {
  const safe = records.map((record) =>
    Object.fromEntries(Object.entries(record).map(([column, value]) => [column, spreadsheetSafe(value)])),
  );
  return stringify(safe, { header: true, columns: [...CSV_COLUMNS] });
}
