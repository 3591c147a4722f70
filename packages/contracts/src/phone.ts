import { z } from 'zod';

/** A Kenyan mobile number in MSISDN form (Safaricom 07.., Airtel/Telkom 01..): what M-Pesa and WhatsApp use. */
export const MSISDN_RE = /^254[17]\d{8}$/;

/** An MSISDN as the API takes it where no typing is expected (login, staff invites). */
export const msisdnSchema = z.string().regex(MSISDN_RE, 'phone as 2547XXXXXXXX or 2541XXXXXXXX');

export const isMsisdn = (value: string): boolean => MSISDN_RE.test(value);

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

/** 254712345678 (or +254 712 345 678) -> "0712 345 678", how Kenyans write their number; anything else as given. Display only. */
export function localPhone(msisdn: string): string {
  const m = /^254(\d{3})(\d{3})(\d{3})$/.exec(msisdn.replace(/\D/g, ''));
  return m ? `0${m[1]} ${m[2]} ${m[3]}` : msisdn;
}

/** "254712345678" -> "0712 *** 678" (payments show whose phone without all of it); C2B numbers arrive masked already and are shown as given. */
export function maskPhone(phone: string): string {
  const m = /^254(\d{3})\d{3}(\d{3})$/.exec(phone);
  return m ? `0${m[1]} *** ${m[2]}` : phone;
}
