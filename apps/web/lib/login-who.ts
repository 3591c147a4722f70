import { normaliseKenyanPhone } from '@sokoni/contracts';

/** Who logs in, as POST /v1/owner/auth/login takes it. */
export type LoginWho = { email: string } | { phone: string };

/**
 * The login field of the dashboard's and the wizard's login forms: an email (lower-cased) when it
 * has an @, else a Kenyan phone (07xx / 01xx / +254, sent as 2547...); null for a phone that is not
 * one, for the form to say so in its own words.
 */
export function loginWho(login: string): LoginWho | null {
  if (login.includes('@')) return { email: login.toLowerCase() };
  const phone = normaliseKenyanPhone(login);
  return phone ? { phone } : null;
}
