import { ownerOptionsAddedSchema } from '@sokoni/contracts';
import { formatKes } from '@/lib/format';
import { MATRIX_OPTIONS, splitValues } from '@/lib/owner-products';
import { intField, productPost, textField } from '@/lib/owner-route';

/**
 * POST /owner/products/<slug>/options (optionName0..2 = the product's options, addValues0..2 = new
 * values, newOptionName/newOptionValues = a new option, priceKes optional): POST
 * /v1/owner/catalog/products/:slug/options. Only the new values are typed; every new combination
 * becomes a variant, existing ones are kept as they are.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { slug, page, post, form } = start;
  const options: { name: string; values: string[] }[] = [];
  for (let i = 0; i < MATRIX_OPTIONS; i++) {
    const name = textField(form, `optionName${i}`);
    const values = splitValues(form.get(`addValues${i}`) ?? '');
    if (name && values.length) options.push({ name, values });
  }
  const newName = textField(form, 'newOptionName');
  const newValues = splitValues(form.get('newOptionValues') ?? '');
  if (newName || newValues.length) options.push({ name: newName, values: newValues });
  if (options.length === 0) return post.done(page, 'error', 'Type at least one new value.');
  const priceTyped = textField(form, 'priceKes');
  const priceKes = priceTyped ? intField(form, 'priceKes') : undefined;
  if (priceKes === null || (priceKes !== undefined && priceKes < 1))
    return post.done(page, 'error', 'Price of the new variants: shillings, like 1500, or leave it empty.');
  const answer = await post.api.post(
    `/v1/owner/catalog/products/${slug}/options`,
    { options, ...(priceKes ? { priceKes } : {}) },
    ownerOptionsAddedSchema,
  );
  if (!answer.ok) return post.failed(page, answer.problem);
  const made = answer.data.created.length;
  const price = answer.data.product.variants.find((v) => v.sku === answer.data.created[0])?.priceKes;
  return post.done(
    page,
    'ok',
    made
      ? `${made} new variant${made === 1 ? '' : 's'}${price ? ` at ${formatKes(price)}` : ''}: set their stock below.`
      : 'Option added to every variant.',
  );
}
