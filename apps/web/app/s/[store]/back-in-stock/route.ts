import { productSlugSchema } from '@sokoni/contracts';
import { signUpBackInStock } from '@/lib/back-in-stock';
import { readRequestForm } from '@/lib/http';
import type { BackInStockOutcome } from '@/lib/i18n/messages/back-in-stock';
import { logShopperFailure, seeOther, shopperPost } from '@/lib/route';

/**
 * POST <store>/back-in-stock: the product page's "Tell me when it's back" form (no JavaScript
 * needed). Passes the fields to the API (POST /v1/stores/:store/back-in-stock), which checks them
 * all, and answers 303 to the product page with `?notify=<outcome>` (and the SKU chosen), where the
 * form says what happened in the shopper's language. No personal data goes in the URL.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const shopper = await shopperPost(request, params);
  if (shopper instanceof Response) return shopper;
  const form = await readRequestForm(request);
  const product = form?.get('product') ?? '';
  const sku = form?.get('sku') ?? '';
  const back = (outcome: BackInStockOutcome) =>
    seeOther(
      productSlugSchema.safeParse(product).success
        ? `${shopper.base}/products/${product}?notify=${outcome}${outcome === 'ok' ? '' : `&sku=${encodeURIComponent(sku.slice(0, 64))}`}#notify`
        : `${shopper.base}/`,
    );
  if (!form) return back('unknown');
  const lang = form.get('lang');
  try {
    const answer = await signUpBackInStock(
      shopper.slug,
      {
        sku,
        phone: form.get('phone') ?? '',
        channel:
          form.get('channel') === 'sms' ? 'sms' : form.get('channel') === 'whatsapp' ? 'whatsapp' : ('' as 'sms'),
        // An unticked box is not sent by the browser: the API refuses it and names the field.
        consent: (form.get('consent') === 'yes') as true,
        consentText: form.get('consentText') ?? '',
        language: lang === 'sw' ? 'sw' : 'en',
      },
      shopper.forwarded,
    );
    if (answer.ok) return back('ok');
    const { status, details } = answer.problem;
    if (status === 429) return back('busy');
    if (status === 409) return back('in_stock');
    if (status === 404) return back('unknown');
    const fields = Array.isArray(details.issues)
      ? details.issues.map((i: unknown) => (i && typeof i === 'object' && 'path' in i ? String(i.path) : ''))
      : [];
    // The first field the shopper can fix, in the order of the form.
    for (const field of ['phone', 'channel', 'consent'] as const) if (fields.includes(field)) return back(field);
    return back('unknown');
  } catch (err) {
    logShopperFailure('back in stock sign-up failed', shopper, err);
    return back('down');
  }
}
