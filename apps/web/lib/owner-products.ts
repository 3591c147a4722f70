/**
 * The owner dashboard's product forms that the API takes in more than one call or shape:
 *
 *  - "Add a product" (/owner/products/new): the phone form (one price, one stock count and at
 *    most one option, e.g. Colour: Black, Blue) becomes POST /v1/owner/catalog/products with one
 *    variant per value and generated SKUs; a refusal goes back to the form with what was typed
 *    and the message next to its field.
 *  - CSV import (/owner/products/import): lib/owner/product-import.ts keeps its report in the
 *    packed cookie below.
 *  - Sales (/owner/products/<slug>#sale): a sale price for a number of days from now.
 *  - Add a variant (/owner/products/<slug>#add-variant): its SKU, made like a new product's.
 *
 * What a post leaves for the page after it (the typed values and errors, an import report) can
 * be bigger than a flash: it travels in a deflated cookie, split over at most MAX_CHUNKS cookies,
 * on the one page's path, named by an id in that page's URL (like the flash), for a few minutes.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PRODUCT_LIMITS, SKU_RE, validationIssues } from '@sokoni/contracts';
import { parseCookies } from './cookies';
import type { OwnerProblem } from './owner-api';
import { serializeOnPath } from './owner-session';

// ---------------------------------------------------------------------------------------------
// Cookies bigger than a flash

/** Bytes of one cookie value (browsers keep 4096 per cookie, name and attributes included). */
const CHUNK_BYTES = 3600;
/** Two chunks at most: the whole Cookie header must stay well inside the server's 16 KB. */
const MAX_CHUNKS = 2;
const KEEP_SECONDS = 600;

const chunkName = (name: string, i: number) => `${name}_${i}`;

/**
 * Set-Cookie headers carrying `value` (JSON) on `path`, or null when it does not fit even
 * deflated. Unused chunks are cleared, so an older, longer value never leaks into this one.
 */
export function packCookie(name: string, path: string, value: unknown): string[] | null {
  const packed = deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64url');
  const chunks: string[] = [];
  for (let i = 0; i < packed.length; i += CHUNK_BYTES) chunks.push(packed.slice(i, i + CHUNK_BYTES));
  if (chunks.length > MAX_CHUNKS) return null;
  return Array.from({ length: MAX_CHUNKS }, (_, i) =>
    chunks[i] !== undefined
      ? serializeOnPath(path, chunkName(name, i), chunks[i], KEEP_SECONDS)
      : serializeOnPath(path, chunkName(name, i), '', 0),
  );
}

/** Set-Cookie headers that remove a packed cookie. */
export function clearPackedCookie(name: string, path: string): string[] {
  return Array.from({ length: MAX_CHUNKS }, (_, i) => serializeOnPath(path, chunkName(name, i), '', 0));
}

/** The JSON value of a packed cookie, or null (missing, cut short, tampered with: all the same). */
export function readPackedCookie(cookieHeader: string | null | undefined, name: string): unknown {
  const cookies = parseCookies(cookieHeader);
  let packed = '';
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const part = cookies.get(chunkName(name, i));
    if (!part) break;
    packed += part;
  }
  if (!packed || !/^[A-Za-z0-9_-]+$/.test(packed)) return null;
  try {
    return JSON.parse(
      inflateRawSync(Buffer.from(packed, 'base64url'), { maxOutputLength: 256 * 1024 }).toString('utf8'),
    );
  } catch {
    return null;
  }
}

export const newId = () => randomBytes(6).toString('base64url');

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

// ---------------------------------------------------------------------------------------------
// Add a product

export const NEW_PRODUCT_PATH = '/owner/products/new';
const DRAFT_COOKIE = 'sokoni_owner_newproduct';

export const PRODUCT_FIELDS = [
  'title',
  'category',
  'priceKes',
  'stock',
  'optionName',
  'optionValues',
  'brand',
  'description',
  'sku',
  'draft',
] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];
export type ProductValues = Record<ProductField, string>;
export type ProductErrors = Partial<Record<ProductField, string>>;

const FIELD_MAX: Record<ProductField, number> = {
  title: 200,
  category: 120,
  priceKes: 40,
  stock: 40,
  optionName: 40,
  optionValues: 2000,
  brand: 80,
  description: 5000,
  sku: 64,
  draft: 3,
};

/** What the form sent, as typed (trimmed, capped): kept when the post is refused. */
export function productValues(form: URLSearchParams): ProductValues {
  const out = {} as ProductValues;
  for (const f of PRODUCT_FIELDS) {
    const raw = (form.get(f) ?? '').replace(/\r\n/g, '\n');
    out[f] = (f === 'description' ? raw.trim() : raw.trim().replace(/\s+/g, ' ')).slice(0, FIELD_MAX[f]);
  }
  return out;
}

export interface ProductDraft {
  id: string;
  values: ProductValues;
  errors: ProductErrors;
  /** A message for the whole form (the API's refusal that names no field, a 403). */
  message: string | null;
}

/** Set-Cookie headers for a refused form; the description is dropped if it cannot be carried. */
export function productDraftCookies(draft: ProductDraft): string[] {
  return (
    packCookie(DRAFT_COOKIE, NEW_PRODUCT_PATH, draft) ??
    packCookie(DRAFT_COOKIE, NEW_PRODUCT_PATH, {
      ...draft,
      values: { ...draft.values, description: '' },
      errors: {
        ...draft.errors,
        description: draft.errors.description ?? 'This description was too long to keep here: paste it again.',
      },
    }) ??
    clearPackedCookie(DRAFT_COOKIE, NEW_PRODUCT_PATH)
  );
}

export const clearProductDraft = () => clearPackedCookie(DRAFT_COOKIE, NEW_PRODUCT_PATH);

/** The refused form the page's URL names (?d=), or null. */
export function readProductDraft(cookieHeader: string | null | undefined, id: string | undefined): ProductDraft | null {
  if (!id) return null;
  const d = readPackedCookie(cookieHeader, DRAFT_COOKIE) as Partial<ProductDraft> | null;
  if (!d || typeof d !== 'object' || d.id !== id || !d.values || typeof d.values !== 'object') return null;
  const values = {} as ProductValues;
  const errors: ProductErrors = {};
  for (const f of PRODUCT_FIELDS) {
    values[f] = str((d.values as Record<string, unknown>)[f], FIELD_MAX[f]);
    const e = d.errors && typeof d.errors === 'object' ? (d.errors as Record<string, unknown>)[f] : undefined;
    if (typeof e === 'string' && e) errors[f] = e.slice(0, 300);
  }
  return { id: d.id, values, errors, message: typeof d.message === 'string' ? d.message.slice(0, 400) : null };
}

/** The request body for POST /v1/owner/catalog/products (skus generated unless typed). */
export interface ProductCreateBody {
  title: string;
  brand: string | null;
  description: string;
  categorySlug: string | null;
  status: 'active' | 'draft';
  optionNames: string[];
  variants: { sku: string; options: Record<string, string>; priceKes: number; stock: number }[];
}

const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Values of the one option the phone form offers (the API's limit is PRODUCT_LIMITS.variantsMax variants). */
const MAX_VALUES = 30;
const { priceMaxKes: MAX_PRICE_KES, stockMax: MAX_STOCK, optionValueMax: MAX_VALUE_LENGTH } = PRODUCT_LIMITS;

/** A whole number of shillings or units as typed ("1,500", "KES 1500"), or null. */
function wholeNumber(raw: string): number | null {
  const s = raw.replace(/[\s,]/g, '').replace(/^KES/i, '').replace(/^ksh/i, '');
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

/** "AirPods Pro 2" -> "AIRPODS-PRO-2": letters and digits, dashes between words. */
export function skuPart(text: string, max: number): string {
  const full = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= max) return full;
  // Cut between words when that keeps at least half of it.
  const cut = full.slice(0, max);
  const dash = cut.lastIndexOf('-');
  return (full[max] === '-' || dash < max / 2 ? cut : cut.slice(0, dash)).replace(/-+$/, '');
}

/**
 * One SKU per option value (or one for a product without options): the typed SKU, or the title
 * in capitals, then the value ("AIRPODS-PRO-BLACK"), unique within the request. `round` > 1 adds
 * "-<round>" to every generated SKU (a retry after the store already had one of them).
 */
export function makeSkus(title: string, typed: string, values: string[], round = 1): string[] {
  // A name with no Latin letters or digits gets a random code (ITEM alone would soon be taken).
  const base = typed || skuPart(title, 24) || `ITEM-${randomBytes(3).toString('hex').toUpperCase()}`;
  const suffix = !typed && round > 1 ? `-${round}` : '';
  const seen = new Set<string>();
  const list = values.length ? values : [''];
  return list.map((value) => {
    const tail = value ? skuPart(value, 20) || 'V' : '';
    const room = 64 - suffix.length - (tail ? tail.length + 1 : 0);
    const head = base.slice(0, Math.max(room, 1)).replace(/-+$/, '') || 'ITEM';
    const first = `${head}${tail ? `-${tail}` : ''}${suffix}`;
    let sku = first;
    for (let n = 2; seen.has(sku.toUpperCase()); n++) sku = `${first.slice(0, 60)}-${n}`;
    seen.add(sku.toUpperCase());
    return sku;
  });
}

/**
 * The SKU of a variant added to an existing product (/owner/products/<slug>#add-variant): the
 * typed one as it is, or made as the "Add a product" form makes them (makeSkus: the name in
 * capitals, then the option values, "JBL-GO-3-MINI-SPEAKER-GREEN"; "-<round>" on a retry).
 */
export function addedVariantSku(title: string, typed: string, values: string[], round = 1): string {
  return typed || makeSkus(title, '', [values.join(' ')], round)[0]!;
}

/** Splits "Black, Blue" (or one per line) into distinct values, as typed. */
export function optionValueList(raw: string): string[] {
  return raw
    .split(/[,\n;]/)
    .map((v) => v.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** The form checked field by field (what the API would refuse anyway, said next to the field). */
export function checkProductForm(values: ProductValues):
  | {
      ok: true;
      body: Omit<ProductCreateBody, 'variants'> & { priceKes: number; stock: number; optionValues: string[] };
    }
  | { ok: false; errors: ProductErrors } {
  const errors: ProductErrors = {};
  if (!values.title) errors.title = 'Give the product a name, like "AirPods Pro".';
  const priceKes = wholeNumber(values.priceKes);
  if (!values.priceKes) errors.priceKes = 'Enter the price in shillings, like 1500.';
  else if (priceKes === null) errors.priceKes = 'Whole shillings only, like 1500 (no letters or cents).';
  else if (priceKes < 1) errors.priceKes = 'The price must be at least KES 1.';
  else if (priceKes > MAX_PRICE_KES) errors.priceKes = 'That price is too high: at most KES 10,000,000.';
  const stock = values.stock ? wholeNumber(values.stock) : 0;
  if (stock === null) errors.stock = 'How many you have now, as a whole number like 5 (0 if none yet).';
  else if (stock > MAX_STOCK) errors.stock = 'At most 1,000,000.';
  if (values.category && !SLUG_RE.test(values.category)) errors.category = 'Pick a category from the list.';
  const optionValues = optionValueList(values.optionValues);
  if (values.optionName && optionValues.length === 0)
    errors.optionValues = `List the ${values.optionName.toLowerCase()} values, separated by commas, like "Black, Blue".`;
  if (!values.optionName && optionValues.length > 0) errors.optionName = 'Name the option, like Colour or Size.';
  if (optionValues.length > MAX_VALUES) errors.optionValues = `At most ${MAX_VALUES} values.`;
  const tooLong = optionValues.find((v) => v.length > MAX_VALUE_LENGTH);
  if (tooLong)
    errors.optionValues = `"${tooLong.slice(0, 20)}…" is too long: ${MAX_VALUE_LENGTH} characters at most per value.`;
  const lower = optionValues.map((v) => v.toLowerCase());
  const twice = optionValues.find((_, i) => lower.indexOf(lower[i]!) !== i);
  if (twice) errors.optionValues = `"${twice}" is listed twice.`;
  if (values.sku && !SKU_RE.test(values.sku))
    errors.sku = 'Letters, digits, dot, dash and underscore only (no spaces), or leave it empty.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    body: {
      title: values.title,
      brand: values.brand || null,
      description: values.description,
      categorySlug: values.category || null,
      status: values.draft ? 'draft' : 'active',
      optionNames: values.optionName ? [values.optionName] : [],
      priceKes: priceKes!,
      stock: stock!,
      optionValues: values.optionName ? optionValues : [],
    },
  };
}

/** The form's field for an API issue path ("variants.1.priceKes" -> priceKes). */
export function fieldOfPath(path: string): ProductField | null {
  const [head, , leaf] = path.split('.');
  switch (head) {
    case 'title':
      return 'title';
    case 'brand':
      return 'brand';
    case 'description':
      return 'description';
    case 'categorySlug':
      return 'category';
    case 'optionNames':
      return 'optionName';
    case 'variants':
      if (leaf === 'priceKes' || leaf === 'compareAtKes') return 'priceKes';
      if (leaf === 'stock') return 'stock';
      if (leaf === 'sku') return 'sku';
      return 'optionValues';
    default:
      return null;
  }
}

/** The API's refusal spread over the form's fields; what names no field is the form's message. */
export function problemToFields(problem: OwnerProblem): { errors: ProductErrors; message: string | null } {
  const errors: ProductErrors = {};
  const loose: string[] = [];
  const issues = validationIssues(problem.details);
  for (const { path, message } of issues) {
    const field = fieldOfPath(path);
    if (field && !errors[field]) errors[field] = message;
    else if (!field) loose.push(path ? `${path}: ${message}` : message);
  }
  if (!issues.length && typeof problem.details.field === 'string') {
    const field = fieldOfPath(problem.details.field);
    if (field) errors[field] = problem.message;
  }
  const constraint = typeof problem.details.constraint === 'string' ? problem.details.constraint : '';
  if (problem.status === 409 && constraint.includes('sku')) errors.sku = problem.message;
  const named = Object.keys(errors).length > 0;
  let message: string | null = loose.length ? loose.join('; ') : named ? null : problem.message;
  if (problem.status === 403) message = `${problem.message}: only the owner or an admin can add products.`;
  return { errors, message };
}

// ---------------------------------------------------------------------------------------------
// Sales

/** How long a sale can run, as offered on the product page. */
export const SALE_DAYS = [1, 3, 7, 14, 30] as const;
export const DEFAULT_SALE_DAYS = 7;

/** The option matrix forms: up to 3 options, each a name and its values typed once, comma-separated. */
export const MATRIX_OPTIONS = 3;

/** "S, M , L,,XL" -> ["S", "M", "L", "XL"] (spaces squeezed, empty parts dropped). */
export function splitValues(raw: string): string[] {
  return raw
    .split(',')
    .map((v) => v.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** The options typed in a matrix form (optionName0..2, optionValues0..2); rows without a name are skipped. */
export function matrixOptions(form: URLSearchParams): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  for (let i = 0; i < MATRIX_OPTIONS; i++) {
    const name = (form.get(`optionName${i}`) ?? '').trim().replace(/\s+/g, ' ');
    const values = splitValues(form.get(`optionValues${i}`) ?? '');
    if (name || values.length) out.push({ name, values });
  }
  return out;
}
