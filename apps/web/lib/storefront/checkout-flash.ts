/**
 * The checkout form coming back to the checkout page after its post (Post/Redirect/Get, like
 * the pay and account forms): app/s/[store]/checkout/place/route.ts writes it, the page reads
 * it once and clears it.
 *
 *   sokoni_co_<slug>   what the shopper typed (the Idempotency-Key included, so trying again
 *                      after a refusal is still one order), the reasons next to their fields,
 *                      and the saved place tapped without JavaScript. In a cookie, not the URL:
 *                      phone numbers stay out of URLs, history and logs. Scoped to the store's
 *                      path like the account cookies, HttpOnly, 2 minutes.
 *
 * Cart notices (a price change, a stock cut) go in the store's ordinary flash cookie (lib/cookies.ts).
 */
import { readCheckoutForm, type CheckoutForm, type FieldErrors } from '@/lib/checkout';
import { serializeAt, storeCookiePath } from '@/lib/cookies';

const MAX_AGE = 120;
/** Browsers drop a cookie over 4096 bytes: stay under it with room for the name. */
const MAX_VALUE_BYTES = 3900;
const MAX_ERROR_CHARS = 300;
const ERROR_FIELDS = ['phone', 'name', 'area', 'method', 'coupon', 'landmark', 'notes', 'form'] as const;
const FORM_FIELDS = ['phone', 'name', 'area', 'method', 'landmark', 'notes', 'coupon', 'key'] as const;

export const checkoutFlashCookie = (slug: string) => `sokoni_co_${slug}`;

export interface CheckoutFlash {
  /** What was posted; null when the form could not be read (the page starts a fresh one). */
  form: CheckoutForm | null;
  errors: FieldErrors;
  /** Index of the saved place tapped without JavaScript (it fills area and landmark). */
  savedPlace: string | null;
}

const encode = (flash: CheckoutFlash) => Buffer.from(JSON.stringify(flash)).toString('base64url');

export function checkoutFlashSetCookie(slug: string, base: string, flash: CheckoutFlash): string {
  const errors: FieldErrors = {};
  for (const f of ERROR_FIELDS) if (flash.errors[f]) errors[f] = flash.errors[f].slice(0, MAX_ERROR_CHARS);
  let kept: CheckoutFlash = { ...flash, errors, savedPlace: flash.savedPlace?.slice(0, 4) ?? null };
  let value = encode(kept);
  // Only pages of non-Latin notes get here: the notes, then the landmark, are what gives way.
  if (value.length > MAX_VALUE_BYTES && kept.form)
    value = encode((kept = { ...kept, form: { ...kept.form, notes: '' } }));
  if (value.length > MAX_VALUE_BYTES && kept.form)
    value = encode((kept = { ...kept, form: { ...kept.form, landmark: '' } }));
  return serializeAt(checkoutFlashCookie(slug), value, MAX_AGE, storeCookiePath(base));
}

export function checkoutFlashClearCookie(slug: string, base: string): string {
  return serializeAt(checkoutFlashCookie(slug), '', 0, storeCookiePath(base));
}

/**
 * The checkout flash, if any. Read like a posted form (readCheckoutForm: lengths cut, a mangled
 * key replaced), since a cookie is only as trustworthy as the browser that sent it; its texts
 * are escaped by React like every other.
 */
export function readCheckoutFlash(cookies: Map<string, string>, slug: string): CheckoutFlash | null {
  const raw = cookies.get(checkoutFlashCookie(slug));
  if (!raw) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as {
      form?: unknown;
      errors?: unknown;
      savedPlace?: unknown;
    };
    let form: CheckoutForm | null = null;
    if (p.form && typeof p.form === 'object') {
      const stored = p.form as Record<string, unknown>;
      const fields = new URLSearchParams();
      for (const f of FORM_FIELDS) if (typeof stored[f] === 'string') fields.set(f, stored[f]);
      form = readCheckoutForm(fields).form;
    }
    const errors: FieldErrors = {};
    if (p.errors && typeof p.errors === 'object') {
      const stored = p.errors as Record<string, unknown>;
      for (const f of ERROR_FIELDS) if (typeof stored[f] === 'string') errors[f] = stored[f].slice(0, MAX_ERROR_CHARS);
    }
    return { form, errors, savedPlace: typeof p.savedPlace === 'string' ? p.savedPlace : null };
  } catch {
    return null;
  }
}
