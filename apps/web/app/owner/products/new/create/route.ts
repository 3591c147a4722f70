import { ownerProductResponseSchema } from '@sokoni/contracts';
import { flashCookie } from '@/lib/owner-session';
import { loginPath, type OwnerAnswer } from '@/lib/owner-api';
import { ownerPost } from '@/lib/owner-route';
import {
  checkProductForm,
  clearProductDraft,
  makeSkus,
  newId,
  NEW_PRODUCT_PATH,
  problemToFields,
  productDraftCookies,
  productValues,
  type ProductCreateBody,
  type ProductDraft,
} from '@/lib/owner-products';
import { readRequestForm } from '@/lib/http';
import { seeOther } from '@/lib/route';
import type { OwnerProduct } from '@/lib/owner-data';

/**
 * POST /owner/products/new/create: the "Add a product" form -> POST /v1/owner/catalog/products
 * (one variant per option value, each with the form's price and opening stock; SKUs made from
 * the name unless typed). Success: the new product's page with "Product added". Refused (here or
 * by the API): back to the form with what was typed and each reason next to its field.
 */
export const dynamic = 'force-dynamic';

/** The form is text only; a long description is the biggest part. */
const MAX_FORM_BYTES = 64 * 1024;
/** Generated SKUs the store already uses: try again with -2, -3. */
const SKU_ROUNDS = 3;

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, NEW_PRODUCT_PATH, { readForm: false });
  if (post instanceof Response) return post;
  const form = await readRequestForm(request, MAX_FORM_BYTES);
  if (!form)
    return post.done(
      NEW_PRODUCT_PATH,
      'error',
      'The form did not arrive whole (is the description very long?). Try again.',
    );
  const values = productValues(form);

  const back = (draft: Omit<ProductDraft, 'id' | 'values'>): Response => {
    if (post.api.sessionEnded) return seeOther(loginPath(NEW_PRODUCT_PATH, 'expired'), post.api.setCookies);
    const id = newId();
    return seeOther(`${NEW_PRODUCT_PATH}?d=${id}`, [
      ...post.api.setCookies,
      ...productDraftCookies({ id, values, ...draft }),
    ]);
  };

  // An unknown category is the API's to refuse (it names the field).
  const checked = checkProductForm(values);
  if (!checked.ok) return back({ errors: checked.errors, message: null });

  const { priceKes, stock, optionValues, ...product } = checked.body;
  const optionName = product.optionNames[0];
  let answer: OwnerAnswer<{ product: OwnerProduct }> | null = null;
  for (let round = 1; round <= SKU_ROUNDS; round++) {
    const skus = makeSkus(product.title, values.sku, optionValues, round);
    const body: ProductCreateBody = {
      ...product,
      variants: skus.map((sku, i) => ({
        sku,
        options: optionName ? { [optionName]: optionValues[i]! } : {},
        priceKes,
        stock,
      })),
    };
    answer = await post.api.post('/v1/owner/catalog/products', body, ownerProductResponseSchema);
    const skuTaken =
      !answer.ok &&
      answer.problem.status === 409 &&
      typeof answer.problem.details.constraint === 'string' &&
      answer.problem.details.constraint.includes('sku');
    if (!skuTaken || values.sku) break;
  }
  if (!answer!.ok) {
    const { problem } = answer!;
    if (problem.status === 401 || problem.status === 0 || problem.status >= 500)
      return back({ errors: {}, message: problem.message });
    return back(problemToFields(problem));
  }

  const created = answer!.data.product;
  if (post.api.sessionEnded) return seeOther(loginPath(NEW_PRODUCT_PATH, 'expired'), post.api.setCookies);
  const variants = created.variants.length;
  const text = `Product added${created.status === 'draft' ? ' as a draft (hidden from shoppers)' : ''}: ${variants > 1 ? `${variants} variants, ` : ''}${stock} in stock${variants > 1 ? ' each' : ''}. Add a photo below.`;
  const flash = flashCookie('ok', text);
  return seeOther(`/owner/products/${created.slug}?f=${flash.id}`, [
    ...post.api.setCookies,
    flash.cookie,
    ...clearProductDraft(),
  ]);
}
