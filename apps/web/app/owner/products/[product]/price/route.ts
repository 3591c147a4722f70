import { formatKes } from '@/lib/format';
import { notFound } from '@/lib/route';
import { intField, ownerPost } from '@/lib/owner-route';

/** POST /owner/products/<slug>/price (sku, priceKes, compareAtKes): PATCH /v1/owner/catalog/variants/:sku/price. */
export const dynamic = 'force-dynamic';

const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SKU_RE = /^[A-Za-z0-9._-]{1,64}$/;

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const slug = (await params).product;
  if (!SLUG_RE.test(slug)) return notFound();
  const page = `/owner/products/${slug}`;
  const post = await ownerPost(request, page);
  if (post instanceof Response) return post;
  const form = post.form ?? new URLSearchParams();
  const sku = form.get('sku') ?? '';
  if (!SKU_RE.test(sku)) return post.done(page, 'error', 'Pick a variant.');
  const priceKes = intField(form, 'priceKes');
  if (priceKes === null || priceKes < 1) return post.done(page, 'error', 'Enter the price in shillings, like 1500.');
  const compareTyped = (form.get('compareAtKes') ?? '').trim();
  const compareAtKes = compareTyped ? intField(form, 'compareAtKes') : null;
  if (compareTyped && compareAtKes === null) return post.done(page, 'error', '"Was" price: enter shillings, like 2000, or leave it empty.');
  const answer = await post.api.patch(`/v1/owner/catalog/variants/${encodeURIComponent(sku)}/price`, { priceKes, compareAtKes });
  return answer.ok ? post.done(page, 'ok', `${sku}: price is now ${formatKes(priceKes)}.`) : post.failed(page, answer.problem);
}
