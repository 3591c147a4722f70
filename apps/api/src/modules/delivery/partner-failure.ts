import { ApiError } from '../../platform/api-error';
import { PartnerRejectedError, PartnerUnavailableError } from './partner/delivery-partner';

/** A partner adapter's failure -> what the merchant or shopper is told. Anything else is rethrown. */
export function partnerFailure(error: unknown): unknown {
  if (error instanceof PartnerUnavailableError) {
    return new ApiError(
      503,
      'service_unavailable',
      'The delivery partner is not answering right now. Try again in a minute, or dispatch with your own rider.',
      { reason: 'partner_unavailable' },
    );
  }
  if (error instanceof PartnerRejectedError) {
    return new ApiError(409, 'conflict', `The delivery partner refused: ${error.message}`, {
      reason: 'partner_rejected',
      partnerCode: error.code,
    });
  }
  return error;
}
