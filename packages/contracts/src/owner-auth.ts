import { z } from 'zod';
import { PERMISSIONS, ROLES } from './permissions';

/**
 * The owner side's accounts: sessions, "who am I" and the staff list
 * (apps/api/src/modules/auth: auth.service.ts, staff.service.ts), as the API answers them and the
 * dashboard and the store wizard read them.
 */

const roleSchema = z.enum(ROLES);

/**
 * POST /v1/owner/auth/login, /refresh, /otp/verify, /invites/accept (and the session part of
 * POST /v1/onboarding/stores): a short-lived access token and a refresh token spent on use.
 */
export const ownerSessionSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Seconds the access token lives. */
  expiresIn: z.number().int().positive(),
  user: z.object({ id: z.string(), name: z.string(), role: roleSchema }),
});
export type OwnerSessionAnswer = z.infer<typeof ownerSessionSchema>;

/** GET /v1/owner/auth/me. */
export const ownerMeSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  store: z.object({ slug: z.string(), name: z.string(), status: z.string() }),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type OwnerMe = z.infer<typeof ownerMeSchema>;

export const STAFF_STATUSES = ['invited', 'active', 'disabled'] as const;

/** One person at the store (GET /v1/owner/staff and every staff change). */
export const staffMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: roleSchema,
  status: z.enum(STAFF_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set (possibly null) only while an invite is waiting to be accepted. */
  inviteExpiresAt: z.string().nullable().optional(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

/** GET /v1/owner/staff. */
export const staffListSchema = z.object({ items: z.array(staffMemberSchema) });

/** POST /v1/owner/staff/invites: the invited person, the link to send them and whether an SMS went. */
export const staffInvitedSchema = z.object({
  user: staffMemberSchema,
  inviteUrl: z.string(),
  inviteExpiresAt: z.string(),
  smsSent: z.boolean(),
});

/** PATCH /v1/owner/staff/:userId. */
export const staffUpdatedSchema = z.object({ user: staffMemberSchema });

/** A 204 answer (POST /v1/owner/auth/logout): no body at all. */
export const noContentSchema = z.undefined();
