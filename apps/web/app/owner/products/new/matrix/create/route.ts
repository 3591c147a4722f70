import { ownerProductResponseSchema } from '@sokoni/contracts';
import { matrixOptions } from '@/lib/owner-products';
import { intField, ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/products/new/matrix/create: the option matrix form -> POST
 * /v1/owner/catalog/products/matrix. Success: the product's page (its variants table); refused:
 * back to the form with the API's reason, naming the field.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/products/new/matrix';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const title = textField(post.form, 'title');
  if (!title) return post.done(PAGE, 'error', 'Give the product a name.');
  const priceKes = intField(post.form, 'priceKes');
  if (priceKes === null || priceKes < 1) return post.done(PAGE, 'error', 'Enter the price in shillings, like 2500.');
  const stockTyped = textField(post.form, 'stock');
  const stock = stockTyped ? intField(post.form, 'stock') : 0;
  if (stock === null) return post.done(PAGE, 'error', 'In stock now: a whole number like 5 (0 if none yet).');
  const categorySlug = textField(post.form, 'categorySlug') || null;
  const options = matrixOptions(post.form);
  const answer = await post.api.post(
    '/v1/owner/catalog/products/matrix',
    { title, priceKes, stock, categorySlug, options },
    ownerProductResponseSchema,
  );
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  const p = answer.data.product;
  return post.done(`/owner/products/${p.slug}`, 'ok', `Product added with ${p.variants.length} variants.`);
});
