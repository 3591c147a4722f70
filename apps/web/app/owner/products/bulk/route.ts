import { ownerBulkResultSchema, PRODUCT_LIMITS } from '@sokoni/contracts';
import { intField, ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/products/bulk (product = each selected slug, action = price | stock | sale | archive,
 * percent, onHand, salePercent, days): the selected rows of the product list, one API call
 * (POST /v1/owner/catalog/bulk/<action>), all of it or none. Back to the list with what changed.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/products';
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const POST = ownerFormRoute(PAGE, async (post) => {
  const back = textField(post.form, 'back');
  const page = back.startsWith('/owner/products') && !back.startsWith('//') ? back : PAGE;
  const products = post.form.getAll('product').filter((s) => SLUG_RE.test(s) && s.length <= 120);
  if (products.length === 0) return post.done(page, 'error', 'Tick at least one product first.');
  const action = textField(post.form, 'action');
  let body: Record<string, unknown>;
  let what: string;
  if (action === 'price') {
    const percent = intField(post.form, 'percent', { allowNegative: true });
    if (percent === null || percent === 0 || percent < -90 || percent > 500)
      return post.done(page, 'error', 'Price change: a whole percentage like 10 or -15 (not 0).');
    body = { percent };
    what = `Prices ${percent > 0 ? 'up' : 'down'} ${Math.abs(percent)}%`;
  } else if (action === 'stock') {
    const onHand = intField(post.form, 'onHand');
    if (onHand === null || onHand > PRODUCT_LIMITS.stockMax)
      return post.done(page, 'error', 'Stock: a whole number like 10 (0 for none).');
    body = { onHand };
    what = `Stock set to ${onHand}`;
  } else if (action === 'sale') {
    const percent = intField(post.form, 'salePercent');
    const days = intField(post.form, 'days') ?? 7;
    if (percent === null || percent < 1 || percent > 90)
      return post.done(page, 'error', 'Sale: a percentage off between 1 and 90.');
    if (days < 1 || days > 60) return post.done(page, 'error', 'Sale length: 1 to 60 days.');
    body = { percent, days };
    what = `On sale ${percent}% off for ${days} day${days === 1 ? '' : 's'}`;
  } else if (action === 'archive') {
    body = {};
    what = 'Archived';
  } else return post.done(page, 'error', 'Pick what to do with the selected products.');
  const answer = await post.api.post(`/v1/owner/catalog/bulk/${action}`, { products, ...body }, ownerBulkResultSchema);
  if (!answer.ok) return post.failed(page, answer.problem);
  const { products: n, variants } = answer.data;
  return post.done(
    page,
    'ok',
    `${what}: ${n} product${n === 1 ? '' : 's'}${action === 'archive' ? '' : `, ${variants} variant${variants === 1 ? '' : 's'} changed`}.`,
  );
});
