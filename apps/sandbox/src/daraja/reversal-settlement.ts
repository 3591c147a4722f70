import type { ReceivedPayment } from './payments-received';
import { RESULT_CODES } from './result-scenarios';
import type { ReversalRequest } from './reversal-validation';
import { publicName, type Settlement } from './settlement';
import { kenyaTimestamp } from './stk-ledger';

export interface ReversalContext {
  /** The completed STK or C2B payment with this receipt, if the sandbox has one. */
  original: ReceivedPayment | undefined;
  /** Sum of this receipt's completed reversals so far. */
  alreadyReversed: number;
}

/**
 * Daraja's reversal rules as the sandbox applies them: only a completed customer payment to the
 * named shortcode can be reversed, partially and more than once, but never beyond what was paid.
 * `force` (scripted "success") skips the rules.
 */
export function settleReversal(
  request: ReversalRequest,
  context: ReversalContext,
  completedAt: Date,
  force: boolean,
): Settlement {
  const { original, alreadyReversed } = context;
  if (!force) {
    if (!original || !original.receiverParties.includes(request.receiverParty))
      return { ok: false, result: RESULT_CODES.invalidOriginal };
    const left = original.amount - alreadyReversed;
    if (left <= 0) return { ok: false, result: RESULT_CODES.alreadyReversed };
    if (request.amount > left) return { ok: false, result: RESULT_CODES.overReversal };
  }
  return {
    ok: true,
    counterparty: original?.msisdn ?? null,
    parameters: [
      { Key: 'Amount', Value: request.amount },
      { Key: 'TransCompletedTime', Value: Number(kenyaTimestamp(completedAt)) },
      { Key: 'OriginalTransactionID', Value: request.transactionId },
      { Key: 'Charge', Value: 0 },
      { Key: 'CreditPartyPublicName', Value: original ? publicName(original.msisdn, original.payerName) : '' },
      { Key: 'DebitPartyPublicName', Value: publicName(request.receiverParty, 'Sandbox Merchant') },
    ],
  };
}
