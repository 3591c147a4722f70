/**
 * B2C payment request as Daraja checks it (reference 1.6). Each failure is HTTP 400 `400.002.02`
 * "Bad Request - Invalid <Field>", in the order of the fields below; a reused
 * OriginatorConversationID is refused afterwards (500 `500.002.1001`, see result-routes.ts).
 */
import {
  amountOf,
  asRecord,
  boundedString,
  isCallbackUrl,
  msisdnOf,
  optionalString,
  shortCodeOf,
  type Validated,
} from './daraja-fields';

export const B2C_COMMAND_IDS = ['BusinessPayment', 'SalaryPayment', 'PromotionPayment'] as const;
export type B2cCommandId = (typeof B2C_COMMAND_IDS)[number];

export interface B2cRequest {
  originatorConversationId: string;
  initiatorName: string;
  commandId: B2cCommandId;
  amount: number;
  /** The paying shortcode. */
  partyA: string;
  /** The MSISDN paid. */
  partyB: string;
  remarks: string;
  queueTimeOutUrl: string;
  resultUrl: string;
  occasion: string;
}

export function validateB2c(body: unknown): Validated<B2cRequest> {
  const b = asRecord(body);
  if (b === null) return { ok: false, field: 'OriginatorConversationID' };
  if (!boundedString(b.OriginatorConversationID, 100) || b.OriginatorConversationID.trim() === '')
    return { ok: false, field: 'OriginatorConversationID' };
  if (!boundedString(b.InitiatorName, 100)) return { ok: false, field: 'InitiatorName' };
  if (!boundedString(b.SecurityCredential, 4096)) return { ok: false, field: 'SecurityCredential' };
  if (!B2C_COMMAND_IDS.includes(b.CommandID as B2cCommandId)) return { ok: false, field: 'CommandID' };
  const amount = amountOf(b.Amount);
  if (amount === null) return { ok: false, field: 'Amount' };
  const partyA = shortCodeOf(b.PartyA);
  if (partyA === null) return { ok: false, field: 'PartyA' };
  const partyB = msisdnOf(b.PartyB);
  if (partyB === null) return { ok: false, field: 'PartyB' };
  if (!boundedString(b.Remarks, 100, 2)) return { ok: false, field: 'Remarks' };
  if (!isCallbackUrl(b.QueueTimeOutURL)) return { ok: false, field: 'QueueTimeOutURL' };
  if (!isCallbackUrl(b.ResultURL)) return { ok: false, field: 'ResultURL' };
  // "Occassion" is Daraja's spelling for B2C (reversal spells it "Occasion").
  if (!optionalString(b.Occassion, 100)) return { ok: false, field: 'Occassion' };
  return {
    ok: true,
    value: {
      originatorConversationId: b.OriginatorConversationID,
      initiatorName: b.InitiatorName,
      commandId: b.CommandID as B2cCommandId,
      amount,
      partyA,
      partyB,
      remarks: b.Remarks,
      queueTimeOutUrl: b.QueueTimeOutURL,
      resultUrl: b.ResultURL,
      occasion: typeof b.Occassion === 'string' ? b.Occassion : '',
    },
  };
}
