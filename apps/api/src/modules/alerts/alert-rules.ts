import {
  ALERT_CHANNELS,
  ALERT_KIND_PERMISSION,
  ALERT_KINDS,
  can,
  formatKes,
  type AlertChannel,
  type AlertKind,
  type Role,
} from '@sokoni/contracts';

/**
 * The rules of owner alerts, without I/O (docs/owner-alerts.md): who gets which kind, the
 * defaults, quiet hours in Nairobi time, and the words.
 */

/** The kinds a role handles (the RBAC matrix decides: ALERT_KIND_PERMISSION). */
export function kindsFor(role: Role): AlertKind[] {
  return ALERT_KINDS.filter((kind) => can(role, ALERT_KIND_PERMISSION[kind]));
}

/**
 * With no saved choice: web push for everything (free, and only on phones that subscribed),
 * email for everything but new paid orders (that email is the store-wide "email owners about
 * paid orders" of the messaging settings, kept as it was), and WhatsApp only for payment problems
 * (each WhatsApp template message costs the store money). SMS is opt-in.
 */
export function defaultEnabled(kind: AlertKind, channel: AlertChannel): boolean {
  if (channel === 'push') return true;
  if (channel === 'email') return kind !== 'order_paid';
  if (channel === 'whatsapp') return kind === 'payment_problem';
  return false;
}

/** Every (kind, channel) of a person's kinds with its saved or default setting. */
export function effectivePreferences(
  kinds: readonly AlertKind[],
  saved: readonly { kind: AlertKind; channel: AlertChannel; enabled: boolean }[],
): { kind: AlertKind; channel: AlertChannel; enabled: boolean }[] {
  const byKey = new Map(saved.map((p) => [`${p.kind}:${p.channel}`, p.enabled]));
  return kinds.flatMap((kind) =>
    ALERT_CHANNELS.map((channel) => ({
      kind,
      channel,
      enabled: byKey.get(`${kind}:${channel}`) ?? defaultEnabled(kind, channel),
    })),
  );
}

/** Nairobi is UTC+3 all year (no daylight saving), so its clock is a fixed offset. */
const NAIROBI_OFFSET_MIN = 180;

/** Minutes after midnight in Nairobi at `now`. */
export function nairobiMinuteOfDay(now: Date): number {
  const m = Math.floor(now.getTime() / 60_000) + NAIROBI_OFFSET_MIN;
  return ((m % 1440) + 1440) % 1440;
}

/**
 * When the quiet hours around `now` end, or null when `now` is outside them. Start after end
 * wraps past midnight (22:00-07:00); start is inside, end is not.
 */
export function quietUntil(now: Date, quiet: { startMin: number; endMin: number } | null): Date | null {
  if (!quiet || quiet.startMin === quiet.endMin) return null;
  const minute = nairobiMinuteOfDay(now);
  const { startMin, endMin } = quiet;
  const inside = startMin < endMin ? minute >= startMin && minute < endMin : minute >= startMin || minute < endMin;
  if (!inside) return null;
  const ahead = (endMin - minute + 1440) % 1440;
  const startOfMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(startOfMinute + ahead * 60_000);
}

/**
 * What happens to an alert during quiet hours: payment problems reach a person who asked for that
 * ("urgent"); everything else is held until the hours end. Held alerts are checked again when
 * they are released: one that no longer matters is dropped then (see `stillMatters`).
 */
export function bypassesQuiet(kind: AlertKind, urgentInQuiet: boolean): boolean {
  return kind === 'payment_problem' && urgentInQuiet;
}

export interface AlertFacts {
  orderId?: string;
  number?: number;
  totalKes?: number;
  amountKes?: number;
  customerName?: string;
  problem?: 'flagged_callback' | 'refund_failed';
  reason?: string;
  title?: string;
  sku?: string;
  onHand?: number;
  threshold?: number;
  document?: string;
}

/** The alert's words: a short title (push, WhatsApp template parameter 1) and one line of text. */
export function alertText(
  kind: AlertKind,
  f: AlertFacts,
  store: string,
  ownerAppUrl: string,
): { title: string; body: string; url: string } {
  const orderUrl = f.number ? `${ownerAppUrl}/orders/${f.number}` : `${ownerAppUrl}/orders`;
  switch (kind) {
    case 'order_paid':
      return {
        title: `New paid order #${f.number}`,
        body: `${store}: order #${f.number} paid, ${formatKes(f.totalKes ?? 0)}${f.customerName ? ` from ${f.customerName}` : ''}. Pack it: ${orderUrl}`,
        url: orderUrl,
      };
    case 'payment_problem':
      return f.problem === 'refund_failed'
        ? {
            title: `Refund failed, order #${f.number}`,
            body: `${store}: the M-Pesa refund of ${formatKes(f.amountKes ?? 0)} for order #${f.number} failed (${f.reason ?? 'no reason given'}). ${orderUrl}`,
            url: orderUrl,
          }
        : {
            title: 'M-Pesa callback flagged',
            body: `${store}: an M-Pesa payment report was flagged and not applied (${f.reason ?? 'flagged'}). Check the payments report: ${ownerAppUrl}`,
            url: ownerAppUrl,
          };
    case 'low_stock':
      return {
        title: `Low stock: ${f.title ?? f.sku}`,
        body: `${store}: ${f.title ?? 'a product'} (${f.sku}) is down to ${f.onHand} (alert at ${f.threshold}). Restock: ${ownerAppUrl}/products`,
        url: `${ownerAppUrl}/products`,
      };
    case 'etims_rejected':
      return {
        title: `eTIMS rejected order #${f.number}`,
        body: `${store}: KRA eTIMS rejected the ${f.document === 'credit_note' ? 'credit note' : 'invoice'} of order #${f.number}: ${f.reason ?? 'no reason given'}. ${orderUrl}`,
        url: orderUrl,
      };
  }
}

/** Backoff of a delivery whose channel failed for now (attempt 1, 2, ...): 30 s, 2 min, 8 min, 32 min. */
export const retryDelayMs = (attempt: number): number => 30_000 * 4 ** Math.max(0, attempt - 1);
export const MAX_ATTEMPTS = 5;

/**
 * Push endpoints the worker may POST to: the configured origins ('*' matches within one host
 * label). A subscription is a URL from a browser, so it is never trusted on its own.
 */
export function pushEndpointAllowed(endpoint: string, allowedOrigins: string): boolean {
  let origin: string;
  try {
    origin = new URL(endpoint).origin;
  } catch {
    return false;
  }
  return allowedOrigins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .some((pattern) => {
      const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9-]+')}$`, 'i');
      return re.test(origin);
    });
}
