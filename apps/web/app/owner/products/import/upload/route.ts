import { catalogImportReportSchema } from '@sokoni/contracts';
import { loginPath } from '@/lib/owner-api';
import { ownerPost } from '@/lib/owner-route';
import { newId } from '@/lib/owner-products';
import { IMPORT_PATH, importResultCookies, MAX_CSV_BYTES } from '@/lib/owner/product-import';
import { seeOther } from '@/lib/route';

/**
 * POST /owner/products/import/upload (multipart: file): the CSV's text goes to
 * POST /v1/owner/catalog/import as text/csv; the report (counts, refused rows by line) is kept
 * for the import page it redirects to (?r=).
 */
export const dynamic = 'force-dynamic';

const TOO_BIG = 'That file is too big: up to 2 MB. Split it into smaller files and import them one by one.';
/** What phones and spreadsheets call a CSV file (Windows says Excel; some say nothing at all). */
const CSV_TYPES = new Set([
  '',
  'text/csv',
  'text/plain',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, IMPORT_PATH, { readForm: false });
  if (post instanceof Response) return post;
  const fail = (text: string) => post.done(IMPORT_PATH, 'error', text);
  if (Number(request.headers.get('content-length') ?? 0) > MAX_CSV_BYTES + 64 * 1024) return fail(TOO_BIG);
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
    return fail('Pick a CSV file first.');
  let file: File | null = null;
  try {
    const part = (await request.formData()).get('file');
    file = part instanceof File ? part : null;
  } catch {
    return fail('The file did not arrive whole. Try again.');
  }
  if (!file || file.size === 0) return fail('Pick a CSV file first (that one is empty).');
  if (file.size > MAX_CSV_BYTES) return fail(TOO_BIG);
  const name = file.name.slice(0, 120);
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  if (/\.(xlsx?|ods|numbers)$/i.test(name) || type.includes('spreadsheet') || type.includes('openxmlformats')) {
    return fail(
      'That is a spreadsheet file, not a CSV: in Excel or Google Sheets choose File › Save as (or Download) › CSV, then import that.',
    );
  }
  if (!CSV_TYPES.has(type) && !/\.csv$/i.test(name)) return fail('Send a .csv file (a spreadsheet saved as CSV).');
  const text = await file.text();
  if (text.includes('\u0000')) return fail('That file is not text: save your spreadsheet as CSV and import that.');

  const answer = await post.api.request('POST', '/v1/owner/catalog/import', {
    raw: { body: text, contentType: 'text/csv' },
    schema: catalogImportReportSchema,
  });
  if (!answer.ok) {
    if (answer.problem.status === 403)
      return fail(`${answer.problem.message}: only the owner or an admin can import products.`);
    return post.failed(IMPORT_PATH, answer.problem);
  }
  if (post.api.sessionEnded) return seeOther(loginPath(IMPORT_PATH, 'expired'), post.api.setCookies);
  const id = newId();
  return seeOther(`${IMPORT_PATH}?r=${id}`, [...post.api.setCookies, ...importResultCookies(id, name, answer.data)]);
}
