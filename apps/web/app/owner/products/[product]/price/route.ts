import { ownerPriceChangedSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import { intField, productPost, SKU_RE } from '@/lib/owner-route';

/** POST /owner/products/<slug>/price (sku, priceKes, compareAtKes): PATCH /v1/owner/catalog/variants/:sku/price. */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { page, post, form } = start;
  const sku = form.get('sku') ?? '';
  if (!SKU_RE.test(sku)) return post.done(page, 'error', 'Pick a variant.');
  const priceKes = intField(form, 'priceKes');
  if (priceKes === null || priceKes < 1) return post.done(page, 'error', 'Enter the price in shillings, like 1500.');
  const compareTyped = (form.get('compareAtKes') ?? '').trim();
  const compareAtKes = compareTyped ? intField(form, 'compareAtKes') : null;
  if (compareTyped && compareAtKes === null)
    return post.done(page, 'error', '"Was" price: enter shillings, like 2000, or leave it empty.');
  const answer = await post.api.patch(
    `/v1/owner/catalog/variants/${encodeURIComponent(sku)}/price`,
    { priceKes, compareAtKes },
    ownerPriceChangedSchema,
  );
  return answer.ok
    ? post.done(page, 'ok', `${sku}: price is now ${formatKes(priceKes)}.`)
    : post.failed(page, answer.problem);
}
