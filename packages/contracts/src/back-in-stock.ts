import { z } from 'zod';
import { SKU_RE } from './owner-catalog';
import { normaliseKenyanPhone, PHONE_FORMAT_HINT } from './phone';
import { singleLineText } from './text';

/**
 * Back in stock (docs/back-in-stock.md): a shopper asks to be told once when a sold-out variant
 * is back, by WhatsApp or SMS, with their consent recorded (the words they saw and when).
 */
export const BACK_IN_STOCK_CHANNELS = ['whatsapp', 'sms'] as const;
export type BackInStockChannel = (typeof BACK_IN_STOCK_CHANNELS)[number];

/** POST /v1/stores/:store/back-in-stock */
export const backInStockSignupSchema = z
  .object({
    sku: z.string().regex(SKU_RE, 'a SKU from the product page'),
    phone: z
      .string()
      .max(32)
      .transform((value) => normaliseKenyanPhone(value) ?? '')
      .refine((value) => value !== '', `Enter ${PHONE_FORMAT_HINT}`),
    channel: z.enum(BACK_IN_STOCK_CHANNELS, { message: 'choose WhatsApp or SMS' }),
    consent: z.literal(true, { message: 'tick the box to agree to one message when it is back' }),
    /** The consent wording exactly as the shopper saw it next to the box (stored with the time). */
    consentText: singleLineText.trim().min(10).max(500),
    language: z.enum(['en', 'sw']).default('en'),
  })
  .strict();
export type BackInStockSignup = z.input<typeof backInStockSignupSchema>;

export const backInStockSignupResponseSchema = z.object({
  request: z.object({
    sku: z.string(),
    channel: z.enum(BACK_IN_STOCK_CHANNELS),
    status: z.enum(['waiting', 'owed', 'sending', 'sent', 'skipped', 'failed']),
    /** False when this phone had already asked for this variant (the same request, refreshed). */
    created: z.boolean(),
  }),
});
export type BackInStockSignupResponse = z.infer<typeof backInStockSignupResponseSchema>;

/** GET /v1/owner/back-in-stock[?product=<slug>]: shoppers waiting, per variant. */
export const backInStockWaitingSchema = z.object({
  variants: z.array(
    z.object({
      productSlug: z.string(),
      productTitle: z.string(),
      sku: z.string(),
      options: z.record(z.string(), z.string()),
      onHand: z.number().int(),
      waiting: z.number().int().min(0),
      /** Told already (restocked since they asked). */
      notified: z.number().int().min(0),
    }),
  ),
  totalWaiting: z.number().int().min(0),
});
export type BackInStockWaiting = z.infer<typeof backInStockWaitingSchema>;
