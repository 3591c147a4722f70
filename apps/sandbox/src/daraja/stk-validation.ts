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
  type Validated,
} from './daraja-fields';

export type { Validated } from './daraja-fields';

/** The public sandbox passkey every Daraja sandbox shortcode accepts (reference 1, "Sandbox test values"). */
export const PUBLIC_SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';

export const MAX_STK_AMOUNT = MAX_TRANSACTION_AMOUNT;
const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const TRANSACTION_TYPES = ['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'] as const;

export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export interface StkPushRequest {
  businessShortCode: string;
  password: string;
  timestamp: string;
  transactionType: TransactionType;
  amount: number;
  partyA: string;
  partyB: string;
  phoneNumber: string;
  callBackUrl: string;
  accountReference: string;
  transactionDesc: string;
}

export interface StkQueryRequest {
  businessShortCode: string;
  password: string;
  timestamp: string;
  checkoutRequestId: string;
}

function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

export function validateStkPush(body: unknown): Validated<StkPushRequest> {
  const b = asRecord(body);
  // A non-JSON body (e.g. a missing Content-Type) is reported as the first field (reference 1.1).
  if (b === null) return { ok: false, field: 'BusinessShortCode' };
  const businessShortCode = digitsOf(b.BusinessShortCode);
  if (businessShortCode === null || !SHORTCODE.test(businessShortCode))
    return { ok: false, field: 'BusinessShortCode' };
  if (typeof b.Password !== 'string' || b.Password.length === 0) return { ok: false, field: 'Password' };
  if (!isTimestamp(b.Timestamp)) return { ok: false, field: 'Timestamp' };
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
      businessShortCode,
      password: b.Password,
      timestamp: b.Timestamp,
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
  const b = asRecord(body);
  if (b === null) return { ok: false, field: 'BusinessShortCode' };
  const businessShortCode = digitsOf(b.BusinessShortCode);
  if (businessShortCode === null || !SHORTCODE.test(businessShortCode))
    return { ok: false, field: 'BusinessShortCode' };
  if (typeof b.Password !== 'string' || b.Password.length === 0) return { ok: false, field: 'Password' };
  if (!isTimestamp(b.Timestamp)) return { ok: false, field: 'Timestamp' };
  if (typeof b.CheckoutRequestID !== 'string' || b.CheckoutRequestID.length === 0)
    return { ok: false, field: 'CheckoutRequestID' };
  return {
    ok: true,
    value: { businessShortCode, password: b.Password, timestamp: b.Timestamp, checkoutRequestId: b.CheckoutRequestID },
  };
}

/** base64(BusinessShortCode + Passkey + Timestamp), as the client must compute it. */
export function stkPassword(businessShortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${businessShortCode}${passkey}${timestamp}`).toString('base64');
}

/** True when the Password matches one of the passkeys accepted for this shortcode. */
export function passwordMatches(
  request: { businessShortCode: string; password: string; timestamp: string },
  passkeys: Iterable<string>,
): boolean {
  for (const passkey of passkeys) {
    if (stkPassword(request.businessShortCode, passkey, request.timestamp) === request.password) return true;
  }
  return false;
}
