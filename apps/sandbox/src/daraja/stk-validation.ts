/**
 * Field validation for STK push and STK query, as Daraja does it (reference 1.2): each failure
 * is HTTP 400 `400.002.02` "Bad Request - Invalid <Field>", checked in the order of the
 * reference's field table; the Password is checked last and a mismatch is 500 "Wrong credentials".
 */
import {
  MAX_TRANSACTION_AMOUNT,
  MSISDN,
  SHORTCODE,
  amountOf,
  asRecord,
  boundedString,
  digitsOf,
  isCallbackUrl,
  shortCodeOf,
  type Validated,
} from './daraja-fields';

export type { Validated } from './daraja-fields';

/** The public sandbox passkey every Daraja sandbox shortcode accepts (reference 1, "Sandbox test values"). */
export const PUBLIC_SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';

export const MAX_STK_AMOUNT = MAX_TRANSACTION_AMOUNT;
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const TRANSACTION_TYPES = ['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'] as const;

export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export interface StkPushRequest extends StkCredentials {
  transactionType: TransactionType;
  amount: number;
  partyA: string;
  partyB: string;
  phoneNumber: string;
  callBackUrl: string;
  accountReference: string;
  transactionDesc: string;
}

/** What STK push and STK query both carry, checked first; the Password proves the passkey. */
export interface StkCredentials {
  businessShortCode: string;
  password: string;
  timestamp: string;
}

export interface StkQueryRequest extends StkCredentials {
  checkoutRequestId: string;
}

function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  // A real instant: the date the parts name gives the same parts back (no Feb 31, no hour 24).
  const parts = match.slice(1).map(Number);
  const date = new Date(Date.UTC(parts[0]!, parts[1]! - 1, parts[2], parts[3], parts[4], parts[5]));
  const back = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return back.every((part, i) => part === parts[i]);
}

/**
 * The fields STK push and STK query both start with, checked first and in this order. A non-JSON
 * body (e.g. a missing Content-Type) is reported as the first field (reference 1.1).
 */
function validateStkCredentials(body: unknown): Validated<{
  b: Record<string, unknown>;
  credentials: StkCredentials;
}> {
  const b = asRecord(body);
  if (b === null) return { ok: false, field: 'BusinessShortCode' };
  const businessShortCode = shortCodeOf(b.BusinessShortCode);
  if (businessShortCode === null) return { ok: false, field: 'BusinessShortCode' };
  if (typeof b.Password !== 'string' || b.Password.length === 0) return { ok: false, field: 'Password' };
  if (!isTimestamp(b.Timestamp)) return { ok: false, field: 'Timestamp' };
  return { ok: true, value: { b, credentials: { businessShortCode, password: b.Password, timestamp: b.Timestamp } } };
}

export function validateStkPush(body: unknown): Validated<StkPushRequest> {
  const start = validateStkCredentials(body);
  if (!start.ok) return start;
  const { b, credentials } = start.value;
  if (!TRANSACTION_TYPES.includes(b.TransactionType as TransactionType)) return { ok: false, field: 'TransactionType' };
  const amount = amountOf(b.Amount);
  if (amount === null) return { ok: false, field: 'Amount' };
  const partyA = digitsOf(b.PartyA);
  if (partyA === null || !MSISDN.test(partyA)) return { ok: false, field: 'PartyA' };
  const partyB = digitsOf(b.PartyB);
  if (partyB === null || !SHORTCODE.test(partyB)) return { ok: false, field: 'PartyB' };
  const phoneNumber = digitsOf(b.PhoneNumber);
  if (phoneNumber === null || !MSISDN.test(phoneNumber)) return { ok: false, field: 'PhoneNumber' };
  if (!isCallbackUrl(b.CallBackURL)) return { ok: false, field: 'CallBackURL' };
  if (!boundedString(b.AccountReference, 12)) return { ok: false, field: 'AccountReference' };
  if (!boundedString(b.TransactionDesc, 13)) return { ok: false, field: 'TransactionDesc' };
  return {
    ok: true,
    value: {
      ...credentials,
      transactionType: b.TransactionType as TransactionType,
      amount,
      partyA,
      partyB,
      phoneNumber,
      callBackUrl: b.CallBackURL,
      accountReference: b.AccountReference,
      transactionDesc: b.TransactionDesc,
    },
  };
}

export function validateStkQuery(body: unknown): Validated<StkQueryRequest> {
  const start = validateStkCredentials(body);
  if (!start.ok) return start;
  const { b, credentials } = start.value;
  if (typeof b.CheckoutRequestID !== 'string' || b.CheckoutRequestID.length === 0)
    return { ok: false, field: 'CheckoutRequestID' };
  return { ok: true, value: { ...credentials, checkoutRequestId: b.CheckoutRequestID } };
}

/** base64(BusinessShortCode + Passkey + Timestamp), as the client must compute it. */
export function stkPassword(businessShortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${businessShortCode}${passkey}${timestamp}`).toString('base64');
}

/** True when the Password matches one of the passkeys accepted for this shortcode. */
export function passwordMatches(request: StkCredentials, passkeys: Iterable<string>): boolean {
  for (const passkey of passkeys) {
    if (stkPassword(request.businessShortCode, passkey, request.timestamp) === request.password) return true;
  }
  return false;
}
