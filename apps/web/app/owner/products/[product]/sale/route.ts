import { ownerProductResponseSchema, ownerSaleScheduledSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import { when } from '@/lib/owner-format';
import { intField, productPost, SKU_RE } from '@/lib/owner-route';
import { SALE_DAYS } from '@/lib/owner-products';

/**
 * POST /owner/products/<slug>/sale (sku or "all", salePriceKes, days): a sale from now for that
 * many days, POST /v1/owner/catalog/variants/:sku/sales for the variant or each active one. The
 * storefront sells at the sale price inside the window and shows the regular price as "was".
 */
export const dynamic = 'force-dynamic';

const DAY_MS = 24 * 3600 * 1000;
/** Started a minute back, so a clock a little behind the database's still shows it at once. */
const START_SLACK_MS = 60_000;

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { slug, page, post, form } = start;
  const which = form.get('sku') ?? '';
  if (which !== 'all' && !SKU_RE.test(which)) return post.done(page, 'error', 'Pick which variant goes on sale.');
  const salePriceKes = intField(form, 'salePriceKes');
  if (salePriceKes === null || salePriceKes < 1)
    return post.done(page, 'error', 'Sale price: enter shillings, like 1200.');
  const days = Number(form.get('days'));
  if (!(SALE_DAYS as readonly number[]).includes(days)) return post.done(page, 'error', 'Pick how long the sale runs.');

  let skus = [which];
  if (which === 'all') {
    const answer = await post.api.get(`/v1/owner/catalog/products/${slug}`, ownerProductResponseSchema);
    if (!answer.ok) return post.failed(page, answer.problem);
    skus = answer.data.product.variants.filter((v) => v.status === 'active').map((v) => v.sku);
    if (!skus.length) return post.done(page, 'error', 'This product has no variants on sale in the shop.');
  }

  const startsAt = new Date(Date.now() - START_SLACK_MS);
  const endsAt = new Date(startsAt.getTime() + START_SLACK_MS + days * DAY_MS);
  const refused: string[] = [];
  let started = 0;
  for (const sku of skus) {
    const answer = await post.api.post(
      `/v1/owner/catalog/variants/${encodeURIComponent(sku)}/sales`,
      { salePriceKes, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      ownerSaleScheduledSchema,
    );
    if (answer.ok) started++;
    else if (answer.problem.status === 403)
      return post.done(
        page,
        'error',
        `${answer.problem.message}: only the owner or an admin can put products on sale.`,
      );
    else if (answer.problem.status === 0 || answer.problem.status === 401) return post.failed(page, answer.problem);
    else refused.push(skus.length > 1 ? `${sku}: ${answer.problem.message}` : answer.problem.message);
  }
  const until = `until ${when(endsAt.toISOString())}`;
  if (!refused.length) {
    return post.done(
      page,
      'ok',
      `On sale at ${formatKes(salePriceKes)} ${until}${skus.length > 1 ? ` (${skus.length} variants)` : ''}.`,
    );
  }
  if (!started) return post.done(page, 'error', `Not put on sale. ${refused.join('. ')}`);
  return post.done(
    page,
    'error',
    `${started} of ${skus.length} variants on sale at ${formatKes(salePriceKes)} ${until}. Not: ${refused.join('. ')}`,
  );
}
