import { z } from 'zod';
import type { Permission } from './permissions';
import { normaliseKenyanPhone, PHONE_FORMAT_HINT } from './phone';

// ---------------------------------------------------------------------------------------------
// Owner alerts (issue 14, "the owner's phone"): GET/PUT /v1/owner/alerts, POST/DELETE
// /v1/owner/alerts/push-subscriptions. docs/owner-alerts.md.

export const ALERT_KINDS = ['order_paid', 'payment_problem', 'low_stock', 'etims_rejected'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_CHANNELS = ['whatsapp', 'sms', 'email', 'push'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/**
 * Who gets which kind: the permission that handles it (the RBAC matrix in permissions.ts). Staff
 * fulfil orders and keep stock, so they get paid orders and low stock; payment problems go to
 * whoever may refund, eTIMS rejections to whoever may change the store's settings.
 */
export const ALERT_KIND_PERMISSION: Record<AlertKind, Permission> = {
  order_paid: 'orders.fulfil',
  payment_problem: 'orders.refund',
  low_stock: 'inventory.write',
  etims_rejected: 'settings.write',
};

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  order_paid: 'New paid order',
  payment_problem: 'Payment problem',
  low_stock: 'Low stock',
  etims_rejected: 'eTIMS rejection',
};

export const ALERT_CHANNEL_LABELS: Record<AlertChannel, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'Email',
  push: 'This phone (push)',
};

/** "HH:MM" (24-hour, Nairobi time) <-> minutes after midnight. */
export const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const minutesToHhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export const hhmmToMinutes = (v: string): number => {
  const m = HHMM_RE.exec(v);
  if (!m) throw new Error(`not HH:MM: ${v}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

const hhmm = z
  .string({ error: 'Type a time as HH:MM, e.g. 21:30' })
  .trim()
  .regex(HHMM_RE, 'Type a time as HH:MM (24-hour), e.g. 21:30');

const alertPhone = z
  .string()
  .trim()
  .max(40, PHONE_FORMAT_HINT)
  .transform((v, ctx) => {
    if (v === '') return null;
    const msisdn = normaliseKenyanPhone(v);
    if (!msisdn) {
      ctx.addIssue({ code: 'custom', message: `Phone for alerts must be ${PHONE_FORMAT_HINT}` });
      return z.NEVER;
    }
    return msisdn;
  });

const preference = z.object({
  kind: z.enum(ALERT_KINDS, { error: 'kind must be one of order_paid, payment_problem, low_stock, etims_rejected' }),
  channel: z.enum(ALERT_CHANNELS, { error: 'channel must be one of whatsapp, sms, email, push' }),
  enabled: z.boolean({ error: 'enabled must be true or false' }),
});

/** PUT /v1/owner/alerts: one's own alert settings (and, for settings.write, the store's threshold). */
export const updateAlertSettingsSchema = z
  .object({
    /** Empty = the account's phone. */
    phone: alertPhone.optional(),
    quietHours: z
      .object({ start: hhmm, end: hhmm })
      .refine((q) => q.start !== q.end, { message: 'Quiet hours must start and end at different times', path: ['end'] })
      .nullable()
      .optional(),
    urgentInQuietHours: z.boolean({ error: 'urgentInQuietHours must be true or false' }).optional(),
    preferences: z
      .array(preference)
      .max(ALERT_KINDS.length * ALERT_CHANNELS.length)
      .optional(),
    lowStockThreshold: z
      .number({ error: 'Low-stock threshold must be a whole number' })
      .int('Low-stock threshold must be a whole number')
      .min(0, 'Low-stock threshold cannot be below 0')
      .max(100_000, 'Low-stock threshold is at most 100000')
      .optional(),
  })
  .strict();
export type UpdateAlertSettings = z.input<typeof updateAlertSettingsSchema>;

/** GET/PUT /v1/owner/alerts: what the settings page shows. */
export const alertSettingsSchema = z.object({
  /** The kinds this person's role handles (others are not offered). */
  kinds: z.array(z.enum(ALERT_KINDS)),
  channels: z.array(z.enum(ALERT_CHANNELS)),
  preferences: z.array(preference),
  phone: z.string().nullable(),
  accountPhone: z.string().nullable(),
  email: z.string().nullable(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  urgentInQuietHours: z.boolean(),
  lowStockThreshold: z.number().int(),
  /** Whether this person may change the store's threshold. */
  canEditStore: z.boolean(),
  push: z.object({
    /** VAPID public key (base64url), or null when web push is not set up on this server. */
    publicKey: z.string().nullable(),
    subscriptions: z.number().int(),
  }),
  /** The newest alerts sent to this person (any channel). */
  recent: z.array(
    z.object({
      kind: z.enum(ALERT_KINDS),
      channel: z.enum(ALERT_CHANNELS),
      status: z.string(),
      detail: z.string().nullable(),
      held: z.boolean(),
      at: z.string(),
    }),
  ),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

/** POST /v1/owner/alerts/push-subscriptions: PushSubscription.toJSON() from the browser. */
export const pushSubscriptionInputSchema = z
  .object({
    endpoint: z.string().url('endpoint must be a URL').max(1000, 'endpoint is too long'),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'keys.p256dh must be a base64url P-256 key'),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,30}={0,2}$/, 'keys.auth must be base64url'),
    }),
  })
  .strict();
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const pushSubscriptionAnswerSchema = z.object({ subscribed: z.boolean(), subscriptions: z.number().int() });
