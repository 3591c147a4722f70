import { z } from 'zod';

/**
 * The bodies Daraja POSTs to us, parsed loosely (reference 1.3, 1.6, 1.7): numbers where the
 * docs promise strings and the other way round, items in any order, Balance without a Value.
 * A body that does not parse is still stored raw; it is just not applied.
 */

const loose = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

const stkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: loose.optional(),
      CheckoutRequestID: z.string().min(1).max(100),
      ResultCode: loose,
      ResultDesc: z.string().optional().default(''),
      CallbackMetadata: z
        .object({
          Item: z.array(z.object({ Name: z.string(), Value: z.union([z.string(), z.number()]).optional() })),
        })
        .optional(),
    }),
  }),
});

export interface StkCallback {
  checkoutRequestId: string;
  resultCode: string;
  resultDesc: string;
  /** Present on success; Amount may carry decimals ("1.00"), compared as whole shillings. */
  amount: number | null;
  receipt: string | null;
  phone: string | null;
}

export function parseStkCallback(body: unknown): StkCallback | null {
  const parsed = stkCallbackSchema.safeParse(body);
  if (!parsed.success) return null;
  const cb = parsed.data.Body.stkCallback;
  const items = new Map((cb.CallbackMetadata?.Item ?? []).map((item) => [item.Name, item.Value]));
  const amount = items.get('Amount');
  return {
    checkoutRequestId: cb.CheckoutRequestID,
    resultCode: cb.ResultCode,
    resultDesc: cb.ResultDesc,
    amount: amount === undefined || amount === '' || Number.isNaN(Number(amount)) ? null : Number(amount),
    receipt: items.get('MpesaReceiptNumber') === undefined ? null : String(items.get('MpesaReceiptNumber')),
    phone: items.get('PhoneNumber') === undefined ? null : String(items.get('PhoneNumber')),
  };
}

/** Where to find the reference in a body before parsing it fully (for the raw row and the job id). */
export function stkReference(body: unknown): string | null {
  const id = (body as { Body?: { stkCallback?: { CheckoutRequestID?: unknown } } } | null)?.Body?.stkCallback
    ?.CheckoutRequestID;
  return typeof id === 'string' && id.length <= 100 ? id : null;
}

const c2bSchema = z.object({
  TransactionType: z.string().optional().default(''),
  TransID: z.string().regex(/^[A-Z0-9]{6,20}$/),
  TransTime: loose,
  TransAmount: loose,
  BusinessShortCode: loose,
  BillRefNumber: z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === undefined ? '' : String(v).trim())),
  MSISDN: z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === undefined ? '' : String(v))),
  FirstName: z.string().optional().default(''),
  MiddleName: z.string().optional().default(''),
  LastName: z.string().optional().default(''),
});
export type C2bConfirmation = z.infer<typeof c2bSchema>;

export function parseC2b(body: unknown): C2bConfirmation | null {
  const parsed = c2bSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

export function c2bReference(body: unknown): string | null {
  const id = (body as { TransID?: unknown } | null)?.TransID;
  return typeof id === 'string' && id.length <= 40 ? id : null;
}

const resultSchema = z.object({
  Result: z.object({
    ResultType: loose.optional(),
    ResultCode: loose,
    ResultDesc: z.string().optional().default(''),
    OriginatorConversationID: z.string().min(1),
    ConversationID: z.string().optional(),
    TransactionID: z.string().optional(),
  }),
});

export interface RefundResult {
  originatorConversationId: string;
  conversationId: string | null;
  resultCode: string;
  resultDesc: string;
  transactionId: string | null;
}

export function parseRefundResult(body: unknown): RefundResult | null {
  const parsed = resultSchema.safeParse(body);
  if (!parsed.success) return null;
  const r = parsed.data.Result;
  return {
    originatorConversationId: r.OriginatorConversationID,
    conversationId: r.ConversationID ?? null,
    resultCode: r.ResultCode,
    resultDesc: r.ResultDesc,
    transactionId: r.TransactionID ?? null,
  };
}

export function resultReference(body: unknown): string | null {
  const id = (body as { Result?: { OriginatorConversationID?: unknown } } | null)?.Result?.OriginatorConversationID;
  return typeof id === 'string' && id.length <= 100 ? id : null;
}
