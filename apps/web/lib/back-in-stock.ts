import { backInStockSignupResponseSchema, type BackInStockSignup } from '@sokoni/contracts';
import type { Forwarded } from './api';
import { call } from './shopper-api';

/** POST /v1/stores/:store/back-in-stock: "tell me when it's back" (never cached: a write). */
export const signUpBackInStock = (slug: string, body: BackInStockSignup, fw: Forwarded) =>
  call(`/v1/stores/${slug}/back-in-stock`, fw, backInStockSignupResponseSchema, { method: 'POST', body });
