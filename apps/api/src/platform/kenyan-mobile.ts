import { normaliseKenyanPhone, PHONE_FORMAT_HINT } from '@sokoni/contracts';
import { z } from 'zod';

/**
 * A Kenyan mobile number as a person types it (07.., 01.., +254.., spaces), normalised; anything
 * else is a 400 naming the accepted format. Shared by the shopper sign-in and store sign-up forms.
 */
export const kenyanMobile = z
  .string()
  .max(32)
  .transform((value) => normaliseKenyanPhone(value) ?? '')
  .refine((value) => value !== '', `Enter ${PHONE_FORMAT_HINT}`);
