/**
 * The start of the order page's two payment forms, "Pay with M-Pesa" (<store>/orders/<id>/pay,
 * field phone) and "Already paid? Enter the M-Pesa code" (<store>/orders/<id>/confirm-code, field
 * code): the store and order (404), the same-origin check (403), the form and what was typed in
 * its field, and the two answers both give, Post/Redirect/Get to the order page.
 */
import { payFlashClearCookie, payFlashSetCookie, type PayFlash } from '../cookies';
import { readRequestForm } from '../http';
import { orderPost, seeOther, type OrderRequest } from '../route';

export interface OrderPayPost extends OrderRequest {
  /** The form, null when unreadable. */
  form: URLSearchParams | null;
  /** What the shopper typed in the form's field (at most 32 characters), kept for the page. */
  typed: string;
  /** 303 back to the order page with the reason next to `field` (pay flash cookie). */
  back: (field: PayFlash['field'], message: string) => Response;
  /** 303 to the order page following this payment (`?payment=<id>`), the pay flash cleared. */
  toPayment: (paymentId: string) => Response;
}

export async function orderPayPost(
  request: Request,
  params: Promise<{ store: string; order: string }>,
  field: 'phone' | 'code',
): Promise<OrderPayPost | Response> {
  const post = await orderPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, order, orderPath } = post;
  const form = await readRequestForm(request);
  const typed = (form?.get(field) ?? '').slice(0, 32);
  return {
    ...post,
    form,
    typed,
    back: (at, message) =>
      seeOther(orderPath, [payFlashSetCookie(shopper.slug, { order, field: at, message, value: typed })]),
    toPayment: (paymentId) => seeOther(`${orderPath}?payment=${paymentId}`, [payFlashClearCookie(shopper.slug)]),
  };
}
