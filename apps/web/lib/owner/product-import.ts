/**
 * The dashboard's CSV import (/owner/products/import): the report of POST
 * /v1/owner/catalog/import, kept for the page the upload redirects to in a packed cookie
 * (lib/owner-products.ts) on that page's path, trimmed until it fits.
 */
import type { CatalogImportReport } from '@sokoni/contracts';
import { clearPackedCookie, packCookie, readPackedCookie } from '@/lib/owner-products';

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export const IMPORT_PATH = '/owner/products/import';
const IMPORT_COOKIE = 'sokoni_owner_import';
/** The biggest file the dashboard passes on (the API takes up to 5 MB of CSV). */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

export interface ImportResult {
  id: string;
  fileName: string;
  report: CatalogImportReport;
  /** Bad rows not kept for the page (the cookie has room for so many). */
  moreErrors: number;
}

const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

function cleanReport(
  raw: unknown,
  maxErrors: number,
  maxText: number,
): { report: CatalogImportReport; moreErrors: number } {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const all = Array.isArray(r.errors) ? r.errors : [];
  const errors = all.slice(0, maxErrors).map((e) => {
    const x = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const reasons = Array.isArray(x.errors)
      ? x.errors
          .filter((m): m is string => typeof m === 'string')
          .slice(0, 5)
          .map((m) => m.slice(0, maxText))
      : [];
    return {
      line: count(x.line),
      ...(typeof x.sku === 'string' ? { sku: x.sku.slice(0, 64) } : {}),
      errors: reasons.length ? reasons : ['could not be imported'],
    };
  });
  return {
    report: {
      productsCreated: count(r.productsCreated),
      productsUpdated: count(r.productsUpdated),
      variantsCreated: count(r.variantsCreated),
      variantsUpdated: count(r.variantsUpdated),
      rowsImported: count(r.rowsImported),
      errors,
    },
    moreErrors: Math.max(all.length - errors.length, 0),
  };
}

/** Set-Cookie headers for an import's report: as many bad rows as fit, the rest counted. */
export function importResultCookies(id: string, fileName: string, raw: unknown): string[] {
  for (const [maxErrors, maxText] of [
    [200, 240],
    [80, 160],
    [30, 120],
    [10, 100],
    [0, 0],
  ] as const) {
    const { report, moreErrors } = cleanReport(raw, maxErrors, maxText);
    const cookies = packCookie(IMPORT_COOKIE, IMPORT_PATH, {
      id,
      fileName: fileName.slice(0, 120),
      report,
      moreErrors,
    } satisfies ImportResult);
    if (cookies) return cookies;
  }
  return clearPackedCookie(IMPORT_COOKIE, IMPORT_PATH);
}

export function readImportResult(cookieHeader: string | null | undefined, id: string | undefined): ImportResult | null {
  if (!id) return null;
  const r = readPackedCookie(cookieHeader, IMPORT_COOKIE) as Partial<ImportResult> | null;
  if (!r || typeof r !== 'object' || r.id !== id) return null;
  const { report } = cleanReport(r.report, 200, 240);
  return { id: r.id, fileName: str(r.fileName, 120), report, moreErrors: count(r.moreErrors) };
}
