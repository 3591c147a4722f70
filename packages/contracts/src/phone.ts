/**
 * Kenyan mobile numbers as shoppers type them -> the MSISDN form M-Pesa and WhatsApp use.
 * Accepted: 07XXXXXXXX, 01XXXXXXXX, 7XXXXXXXX, 1XXXXXXXX, +2547XXXXXXXX, 2547XXXXXXXX (same for 1),
 * with spaces, dashes, dots or brackets anywhere. Anything else is not a Kenyan mobile number.
 */
export function normaliseKenyanPhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  const match = /^(?:\+?254|0)?([17]\d{8})$/.exec(compact);
  return match ? `254${match[1]}` : null;
}

export const PHONE_FORMAT_HINT = 'a Kenyan mobile number like 0712 345 678, 0112 345 678 or +254 712 345 678';
