/** Words and numbers the owner dashboard shows (English; Nairobi time). */
import type { OrderStatus } from '@sokoni/contracts';

export { formatKes, formatNumber, plural } from './format';

export const ORDER_STATUSES: readonly OrderStatus[] = ['pending_payment', 'paid', 'packed', 'dispatched', 'delivered', 'cancelled', 'refunded'];

const STATUS_LABELS: Record<string, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid: to pack',
  packed: 'Packed',
  dispatched: 'Dispatched',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status.replace(/_/g, ' ');

export const CHANNELS = ['web', 'whatsapp', 'link'] as const;
const CHANNEL_LABELS: Record<string, string> = { web: 'Web', whatsapp: 'WhatsApp', link: 'Shared link', sms: 'SMS', email: 'Email' };
export const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;

/** Timeline event types in words. */
const EVENT_LABELS: Record<string, string> = {
  placed: 'Order placed',
  paid: 'Paid',
  packed: 'Marked packed',
  dispatched: 'Dispatched',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  reservation_expired: 'Not paid in time: cancelled',
  paid_after_cancel: 'Paid after it was cancelled',
};
export const eventLabel = (type: string) => EVENT_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

const TZ = 'Africa/Nairobi';
const dateTime = new Intl.DateTimeFormat('en-KE', { timeZone: TZ, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
const timeOnly = new Intl.DateTimeFormat('en-KE', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false });
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "12 Mar, 14:05" (Nairobi), or "14:05" for today. */
export function when(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dayKey.format(d) === dayKey.format(now) ? `Today ${timeOnly.format(d)}` : dateTime.format(d);
}

/** Is this instant today in Nairobi? */
export function isToday(iso: string, now = new Date()): boolean {
  return dayKey.format(new Date(iso)) === dayKey.format(now);
}

/** "0712 345 678" from 254712345678 (display only). */
export function localPhone(msisdn: string): string {
  const m = /^254(\d{3})(\d{3})(\d{3})$/.exec(msisdn);
  return m ? `0${m[1]} ${m[2]} ${m[3]}` : msisdn;
}
