import { ownerProductResponseSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import type { OwnerAnswer } from '@/lib/owner-api';
import type { OwnerProduct } from '@/lib/owner-data';
import { addedVariantSku } from '@/lib/owner-products';
import { intField, productPost, SKU_RE } from '@/lib/owner-route';

/**
 * POST /owner/products/<slug>/variants (option0..option2, priceKes, stock, sku): a new colour or
 * size of the product, POST /v1/owner/catalog/products/:slug/variants. The fields are the
 * product's options in its order (read from the API, which also gives the name for a generated
 * SKU); an empty SKU is made from the name and the values, retried with -2, -3 when the store
 * already uses it. Back to the product page with "Variant added" or the API's reason.
 */
export const dynamic = 'force-dynamic';

const MAX_STOCK = 1_000_000;
/** Generated SKUs the store already uses: try again with -2, -3. */
const SKU_ROUNDS = 3;

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { slug, page, post, form } = start;

  const current = await post.api.get(`/v1/owner/catalog/products/${slug}`, ownerProductResponseSchema);
  if (!current.ok) return post.failed(page, current.problem);
  const product = current.data.product;
  const options: Record<string, string> = {};
  for (const [i, name] of product.optionNames.entries()) {
    const value = (form.get(`option${i}`) ?? '').trim().replace(/\s+/g, ' ');
    if (!value) return post.done(page, 'error', `Give the new variant's ${name.toLowerCase()}.`);
    if (value.length > 60) return post.done(page, 'error', `${name}: 60 characters at most.`);
    options[name] = value;
  }
  const priceKes = intField(form, 'priceKes');
  if (priceKes === null || priceKes < 1) return post.done(page, 'error', 'Enter the price in shillings, like 1500.');
  const stockTyped = (form.get('stock') ?? '').trim();
  const stock = stockTyped ? intField(form, 'stock') : 0;
  if (stock === null || stock > MAX_STOCK)
    return post.done(page, 'error', 'In stock now: a whole number like 5 (0 if none yet).');
  const typed = (form.get('sku') ?? '').trim();
  if (typed && !SKU_RE.test(typed))
    return post.done(
      page,
      'error',
      'SKU: letters, digits, dot, dash and underscore only (no spaces), or leave it empty.',
    );

  // A product without options: the API refuses in words (it is sold as one item).
  const values = product.optionNames.map((n) => options[n]!);
  let sku = '';
  let answer: OwnerAnswer<{ product: OwnerProduct }> | null = null;
  for (let round = 1; round <= SKU_ROUNDS; round++) {
    sku = addedVariantSku(product.title, typed, values, round);
    answer = await post.api.post(
      `/v1/owner/catalog/products/${slug}/variants`,
      { sku, options, priceKes, stock },
      ownerProductResponseSchema,
    );
    const skuTaken = !answer.ok && answer.problem.status === 409 && answer.problem.details.field === 'sku';
    if (!skuTaken || typed) break;
  }
  if (!answer!.ok) return post.failed(page, answer!.problem);
  const name = values.join(' / ') || product.title;
  return post.done(page, 'ok', `Variant added: ${name} (${sku}) at ${formatKes(priceKes)}, ${stock} in stock.`);
}
