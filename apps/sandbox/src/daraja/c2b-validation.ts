/**
 * C2B URL registration as Daraja checks it (reference 1.7): each failure is HTTP 400 `400.002.02`
 * "Bad Request - Invalid <Field>", checked in the order ShortCode, ResponseType,
 * ConfirmationURL, ValidationURL.
 */
import { asRecord, isCallbackUrl, shortCodeOf, type Validated } from './daraja-fields';

/** What M-Pesa does with a payment when the ValidationURL cannot be reached or gives no answer. */
export const C2B_RESPONSE_TYPES = ['Completed', 'Cancelled'] as const;
export type C2bResponseType = (typeof C2B_RESPONSE_TYPES)[number];

export interface C2bRegistration {
  shortCode: string;
  responseType: C2bResponseType;
  confirmationUrl: string;
  validationUrl: string;
}

export function validateC2bRegistration(body: unknown): Validated<C2bRegistration> {
  const b = asRecord(body);
  if (b === null) return { ok: false, field: 'ShortCode' };
  const shortCode = shortCodeOf(b.ShortCode);
  if (shortCode === null) return { ok: false, field: 'ShortCode' };
  // Case-sensitive, as Daraja documents the two values.
  if (!C2B_RESPONSE_TYPES.includes(b.ResponseType as C2bResponseType)) return { ok: false, field: 'ResponseType' };
  if (!isCallbackUrl(b.ConfirmationURL)) return { ok: false, field: 'ConfirmationURL' };
  if (!isCallbackUrl(b.ValidationURL)) return { ok: false, field: 'ValidationURL' };
  return {
    ok: true,
    value: {
      shortCode,
      responseType: b.ResponseType as C2bResponseType,
      confirmationUrl: b.ConfirmationURL,
      validationUrl: b.ValidationURL,
    },
  };
}
