import { z } from 'zod';
import { kesSchema } from './storefront';
import { displayName, multiLineText } from './text';

/**
 * How an M-Pesa attempt ended, in words a shopper acts on (DESIGN.md section 5; reference 1.5).
 * `pending` while the PIN prompt is open; everything else is final for that attempt.
 */
export const paymentOutcomes = [
  'pending',
  'paid',
  'cancelled',
  'timeout',
  'insufficient_funds',
  'wrong_pin',
  'limit',
  'busy',
  'failed',
  'merchant_setup',
] as const;
export type PaymentOutcome = (typeof paymentOutcomes)[number];

export const paymentStatuses = ['pending', 'paid', 'failed', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** POST /v1/stores/:store/orders/:order/payments (header Idempotency-Key): start an STK push. */
export const startPaymentSchema = z.object({
  /** The number that gets the PIN prompt; defaults to the order's phone. Any Kenyan format. */
  phone: z.string().min(1).max(32).optional(),
});
export type StartPayment = z.infer<typeof startPaymentSchema>;

/** POST /v1/stores/:store/orders/:order/payments/confirm-code: the code from the M-Pesa SMS. */
export const confirmPaymentCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{10}$/, 'the 10-letter M-Pesa code from your SMS, like QKT7RT61SV'),
});

/** Where to pay by hand (Lipa na M-Pesa) when the PIN prompt cannot reach the phone. */
export const manualPaymentSchema = z.object({
  kind: z.enum(['till', 'paybill']),
  shortcode: z.string(),
  /** Paybill account = order number; a Buy Goods till has no account field. */
  account: z.string().nullable(),
  amountKes: kesSchema,
});

export const paymentSchema = z.object({
  id: z.string().uuid(),
  orderId: z.string().uuid(),
  method: z.enum(['stk', 'c2b']),
  status: z.enum(paymentStatuses),
  outcome: z.enum(paymentOutcomes),
  /** Daraja's ResultCode as text ("0", "1032", "SFC_IC0003"), null while pending. */
  resultCode: z.string().nullable(),
  /** One sentence for the shopper: what happened and what to do next. */
  message: z.string(),
  /** True when trying again (same or another number) makes sense. */
  retryable: z.boolean(),
  /** "0712 *** 678". */
  phoneMasked: z.string(),
  amountKes: kesSchema,
  receiptNumber: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  manual: manualPaymentSchema.nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;

/** PUT /v1/owner/settings/mpesa. Secrets go in, never come back out. */
export const mpesaSettingsInputSchema = z
  .object({
    kind: z.enum(['till', 'paybill']),
    /** BusinessShortCode: the paybill, or the store (head office) number of a till. */
    shortcode: z.string().regex(/^\d{5,7}$/, '5 to 7 digits'),
    /** Buy Goods till number (PartyB); only for kind = till. */
    tillNumber: z
      .string()
      .regex(/^\d{5,7}$/, '5 to 7 digits')
      .optional(),
    consumerKey: z.string().trim().min(8).max(200),
    consumerSecret: z.string().trim().min(8).max(200),
    passkey: z.string().trim().min(8).max(200),
    /** For refunds (reversal or B2C): the API operator's name and encrypted password. */
    initiatorName: displayName.trim().min(1).max(100).optional(),
    securityCredential: z.string().trim().min(8).max(2000).optional(),
    refundMethod: z.enum(['reversal', 'b2c']).default('reversal'),
    /** Source IPs allowed to call our callback URL: off, log only, or enforce. */
    callbackIpCheck: z.enum(['off', 'log', 'enforce']).default('log'),
  })
  .refine((v) => v.kind !== 'till' || v.tillNumber !== undefined, {
    message: 'a till needs its till number',
    path: ['tillNumber'],
  });
export type MpesaSettingsInput = z.infer<typeof mpesaSettingsInputSchema>;

/** GET /v1/owner/settings/mpesa: what the owner may see (no key, secret, passkey or credential). */
export const mpesaSettingsViewSchema = z.object({
  configured: z.boolean(),
  kind: z.enum(['till', 'paybill']).nullable(),
  shortcode: z.string().nullable(),
  tillNumber: z.string().nullable(),
  consumerKeyHint: z.string().nullable(),
  refundsEnabled: z.boolean(),
  refundMethod: z.enum(['reversal', 'b2c']).nullable(),
  callbackIpCheck: z.enum(['off', 'log', 'enforce']).nullable(),
  c2bRegisteredAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type MpesaSettingsView = z.infer<typeof mpesaSettingsViewSchema>;

/** POST /v1/owner/orders/:number/refunds. Amount defaults to what is left to refund. */
export const refundRequestSchema = z.object({
  amountKes: kesSchema.refine((v) => v >= 1, 'at least 1 KES').optional(),
  reason: multiLineText.trim().min(2).max(100),
});

/** A refund as the owner API returns it (POST /v1/owner/orders/:number/refunds, the order's payments). */
export const refundSchema = z.object({
  id: z.string(),
  paymentId: z.string(),
  amountKes: kesSchema,
  method: z.enum(['reversal', 'b2c']),
  status: z.enum(['requested', 'pending', 'completed', 'failed']),
  reason: z.string(),
  resultCode: z.string().nullable(),
  resultDesc: z.string().nullable(),
  transactionId: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type Refund = z.infer<typeof refundSchema>;

/**
 * GET /v1/stores/:store/orders/:order/payments: every attempt, newest first, and where to pay
 * by hand. `manual` is null when the store has no M-Pesa set up.
 */
export const orderPaymentsSchema = z.object({
  orderStatus: z.string(),
  payments: z.array(paymentSchema),
  manual: manualPaymentSchema.nullable(),
});
export type OrderPayments = z.infer<typeof orderPaymentsSchema>;

/** POST /v1/stores/:store/orders/:order/payments (and confirm-code), GET .../payments/:id: { payment }. */
export const paymentResponseSchema = z.object({ payment: paymentSchema });

// ---------------------------------------------------------------------------------------------
// Owner side (apps/api/src/modules/payments/owner-payments.controller.ts)

/** GET /v1/owner/settings/mpesa. */
export const mpesaSettingsResponseSchema = z.object({ settings: mpesaSettingsViewSchema });

/** An M-Pesa check's verdict in words: "Test connection", and the C2B registration after a save. */
export const mpesaCheckSchema = z.object({ ok: z.boolean(), message: z.string() });

/** PUT /v1/owner/settings/mpesa: the saved view and whether Daraja took the C2B URLs. */
export const mpesaSettingsSavedSchema = z.object({
  settings: mpesaSettingsViewSchema,
  c2bRegistration: mpesaCheckSchema,
});

/** A payment attempt as the owner sees it: the shopper's view plus the bookkeeping. */
export const ownerPaymentSchema = paymentSchema.extend({
  flags: z.array(z.string()),
  countsForOrder: z.boolean(),
  refundedKes: kesSchema,
  checkoutRequestId: z.string().nullable(),
});
export type OwnerPayment = z.infer<typeof ownerPaymentSchema>;

/** GET /v1/owner/orders/:number/payments: every attempt and every refund of the order. */
export const ownerOrderPaymentsSchema = z.object({
  payments: z.array(ownerPaymentSchema),
  refunds: z.array(refundSchema),
});
export type OwnerOrderPayments = z.infer<typeof ownerOrderPaymentsSchema>;

/** POST /v1/owner/orders/:number/refunds. */
export const refundResponseSchema = z.object({ refund: refundSchema });
