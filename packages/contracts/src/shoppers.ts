import { z } from 'zod';

/**
 * Shopper sessions (apps/api/src/modules/shoppers): "Sign out on all phones".
 * POST /v1/stores/:store/shopper/sessions/revoke-all (Bearer session) ends every session of that
 * phone at that store, the caller's included; afterwards those tokens get
 * 401 { error: { code: 'unauthorized', details: { reason: SHOPPER_SESSION_REVOKED } } }.
 */
export const SHOPPER_SESSION_REVOKED = 'session_revoked';
export const SHOPPER_SESSION_REVOKED_MESSAGE = 'You were signed out on all phones: sign in again';

export const shopperSessionsRevokedSchema = z.object({ revoked: z.literal(true) });
export type ShopperSessionsRevoked = z.infer<typeof shopperSessionsRevokedSchema>;
