import type { B2cRequest } from './b2c-validation';
import { RESULT_CODES } from './result-scenarios';
import { kenyaDottedDateTime, publicName, type Settlement } from './settlement';

/** Every shortcode's B2C utility account starts with this much (KES); payouts draw it down. */
export const B2C_OPENING_FLOAT = 1_000_000;

export interface B2cContext {
  /** The paying shortcode's utility account before this payout. */
  availableFunds: number;
}

/**
 * A payout succeeds while the shortcode's utility float covers it, else ResultCode 1
 * (insufficient balance). `force` (scripted "success") skips that check. Keys and value types
 * follow Daraja's documented B2C Result (amounts as numbers, the completion time as a string).
 */
export function settleB2c(
  request: B2cRequest,
  context: B2cContext,
  completedAt: Date,
  transactionReceipt: string,
  force: boolean,
): Settlement {
  if (!force && request.amount > context.availableFunds) return { ok: false, result: RESULT_CODES.insufficientFunds };
  return {
    ok: true,
    counterparty: request.partyB,
    parameters: [
      { Key: 'TransactionAmount', Value: request.amount },
      { Key: 'TransactionReceipt', Value: transactionReceipt },
      { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
      { Key: 'B2CChargesPaidAccountAvailableFunds', Value: 0 },
      { Key: 'ReceiverPartyPublicName', Value: publicName(request.partyB, null) },
      { Key: 'TransactionCompletedDateTime', Value: kenyaDottedDateTime(completedAt) },
      { Key: 'B2CUtilityAccountAvailableFunds', Value: context.availableFunds - request.amount },
      { Key: 'B2CWorkingAccountAvailableFunds', Value: 0 },
    ],
  };
}
