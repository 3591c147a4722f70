import { catalogImportReportSchema, ownerProductResponseSchema, starterProductsAddedSchema } from '@sokoni/contracts';
import { randomBytes } from 'node:crypto';
import { wizardPost, type WizardPost } from '@/lib/wizard-flow';
import { forward, text, type WizardStepHandler } from './step';

const MAX_CSV_BYTES = 1024 * 1024;
const HERE = '/start/products';

/**
 * POST /start/save/products: screen 6, one of three forms: the starter set, one product by hand
 * (urlencoded), or a CSV file (multipart, 1 MB at most).
 */
export const saveProducts: WizardStepHandler = async (request) => {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const post = await wizardPost(request, { readForm: false });
    if (post instanceof Response) return post;
    if (Number(request.headers.get('content-length') ?? 0) > MAX_CSV_BYTES + 16 * 1024) {
      return post.done(HERE, 'error', 'That file is too big (1 MB at most). Split it into smaller files.');
    }
    const form = new URLSearchParams();
    let csv: string | null = null;
    try {
      const data = await request.formData();
      for (const [k, v] of data) {
        if (typeof v === 'string') form.append(k, v);
        else if (k === 'file' && v.size > 0) {
          if (v.size > MAX_CSV_BYTES) return post.done(HERE, 'error', 'That file is too big (1 MB at most).');
          csv = await v.text();
        }
      }
    } catch {
      return post.done(HERE, 'error', 'We could not read that upload. Please try again.');
    }
    return addProducts(post, form, csv);
  }
  const post = await wizardPost(request);
  if (post instanceof Response) return post;
  return addProducts(post, post.form ?? new URLSearchParams(), null);
};

async function addProducts(post: WizardPost, form: URLSearchParams, csv: string | null): Promise<Response> {
  const action = text(form, 'action');
  if (action === 'starter') return addStarterSet(post);
  if (action === 'csv') return importCsv(post, csv);
  return addOneProduct(post, form);
}

async function addStarterSet(post: WizardPost): Promise<Response> {
  const answer = await post.api.post('/v1/owner/onboarding/starter-products', {}, starterProductsAddedSchema);
  if (!answer.ok) return post.failed(HERE, answer.problem);
  const n = answer.data.added.length;
  return forward(
    post,
    answer.data.onboarding,
    HERE,
    n
      ? `${n} starter products added. Edit prices, stock and photos any time in Products.`
      : 'The starter products are already in your store.',
  );
}

async function importCsv(post: WizardPost, csv: string | null): Promise<Response> {
  if (!csv || !csv.trim()) return post.done(HERE, 'error', 'Choose a CSV file first.');
  const answer = await post.api.upload('/v1/owner/catalog/import', csv, 'text/csv', catalogImportReportSchema);
  if (!answer.ok) return post.failed(HERE, answer.problem);
  const r = answer.data;
  const problems = r.errors
    .slice(0, 3)
    .map((e) => `line ${e.line}: ${e.errors.join('; ')}`)
    .join(' · ');
  const summary = `${r.productsCreated} products added, ${r.productsUpdated} updated (${r.rowsImported} rows).${problems ? ` Not imported: ${problems}${r.errors.length > 3 ? ` and ${r.errors.length - 3} more` : ''}.` : ''}`;
  const progress = await post.api.progress();
  if (!progress.ok) return post.failed(HERE, progress.problem);
  if (r.errors.length || !progress.data.steps.find((s) => s.key === 'products')?.done)
    return post.done(HERE, r.errors.length ? 'error' : 'ok', summary);
  return forward(post, progress.data, HERE, summary);
}

/** One product by hand: name, price, stock (and a category when "Advanced" shows it). */
async function addOneProduct(post: WizardPost, form: URLSearchParams): Promise<Response> {
  const title = text(form, 'title', 200);
  const price = Number(text(form, 'priceKes', 12).replace(/[\s,]/g, '').replace(/^KES/i, ''));
  const stockRaw = text(form, 'stock', 9).replace(/[\s,]/g, '');
  const stock = stockRaw === '' ? 1 : Number(stockRaw);
  const categorySlug = text(form, 'categorySlug', 80);
  if (!title) return post.done(HERE, 'error', 'Give the product a name.');
  if (!Number.isInteger(price) || price < 1) return post.done(HERE, 'error', 'Price: whole shillings, like 2500.');
  if (!Number.isInteger(stock) || stock < 0) return post.done(HERE, 'error', 'Stock: how many you have, like 5.');
  const base =
    title
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'ITEM';
  const sku = `${base}-${randomBytes(2).toString('hex').toUpperCase()}`;
  const answer = await post.api.post(
    '/v1/owner/catalog/products',
    {
      title,
      status: 'active',
      ...(categorySlug ? { categorySlug } : {}),
      variants: [{ sku, priceKes: price, stock }],
    },
    ownerProductResponseSchema,
  );
  if (!answer.ok) return post.failed(HERE, answer.problem);
  const progress = await post.api.progress();
  if (!progress.ok) return post.failed(HERE, progress.problem);
  if (text(form, 'more') === '1')
    return post.done(HERE, 'ok', `"${answer.data.product.title}" added. Add another, or continue.`);
  return forward(post, progress.data, HERE, `"${answer.data.product.title}" added.`);
}
