/**
 * Transaction reversal request as Daraja checks it (reference 1.6). Each failure is HTTP 400
 * `400.002.02` "Bad Request - Invalid <Field>", in the order of the fields below. Whether the
 * TransactionID can be reversed is decided later and reported in the Result (R000001/R000002).
 */
import {
  amountOf,
  asRecord,
  boundedString,
  digitsOf,
  isCallbackUrl,
  optionalString,
  shortCodeOf,
  type Validated,
} from './daraja-fields';

/** "11" is the documented organisation identifier type (misspelt "Reciever" by Daraja); "4" is also seen. */
const RECEIVER_IDENTIFIER_TYPES = ['11', '4'];

export interface ReversalRequest {
  initiator: string;
  commandId: 'TransactionReversal';
  /** The M-Pesa receipt to reverse. */
  transactionId: string;
  amount: number;
  receiverParty: string;
  receiverIdentifierType: string;
  resultUrl: string;
  queueTimeOutUrl: string;
  remarks: string;
  occasion: string;
}

export function validateReversal(body: unknown): Validated<ReversalRequest> {
  const b = asRecord(body);
  if (b === null) return { ok: false, field: 'Initiator' };
  if (!boundedString(b.Initiator, 100)) return { ok: false, field: 'Initiator' };
  // Encrypted with Safaricom's certificate by the caller; the sandbox cannot decrypt it, only require it.
  if (!boundedString(b.SecurityCredential, 4096)) return { ok: false, field: 'SecurityCredential' };
  if (b.CommandID !== 'TransactionReversal') return { ok: false, field: 'CommandID' };
  if (!boundedString(b.TransactionID, 20)) return { ok: false, field: 'TransactionID' };
  const amount = amountOf(b.Amount);
  if (amount === null) return { ok: false, field: 'Amount' };
  const receiverParty = shortCodeOf(b.ReceiverParty);
  if (receiverParty === null) return { ok: false, field: 'ReceiverParty' };
  const identifierType = digitsOf(b.RecieverIdentifierType);
  if (identifierType === null || !RECEIVER_IDENTIFIER_TYPES.includes(identifierType))
    return { ok: false, field: 'RecieverIdentifierType' };
  if (!isCallbackUrl(b.ResultURL)) return { ok: false, field: 'ResultURL' };
  if (!isCallbackUrl(b.QueueTimeOutURL)) return { ok: false, field: 'QueueTimeOutURL' };
  if (!boundedString(b.Remarks, 100, 2)) return { ok: false, field: 'Remarks' };
  if (!optionalString(b.Occasion, 100)) return { ok: false, field: 'Occasion' };
  return {
    ok: true,
    value: {
      initiator: b.Initiator,
      commandId: 'TransactionReversal',
      transactionId: b.TransactionID,
      amount,
      receiverParty,
      receiverIdentifierType: identifierType,
      resultUrl: b.ResultURL,
      queueTimeOutUrl: b.QueueTimeOutURL,
      remarks: b.Remarks,
      occasion: typeof b.Occasion === 'string' ? b.Occasion : '',
    },
  };
}
