/** Words and numbers the owner dashboard shows (English; Nairobi time). */
import {
  formatNairobiDateTime,
  formatNairobiTime,
  isNairobiToday,
  orderStatuses,
  type OrderStatus,
} from '@sokoni/contracts';

export { formatKes, formatNumber, plural } from './format';
export { localPhone } from '@sokoni/contracts';

export const ORDER_STATUSES: readonly OrderStatus[] = orderStatuses;

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
const CHANNEL_LABELS: Record<string, string> = {
  web: 'Web',
  whatsapp: 'WhatsApp',
  link: 'Shared link',
  sms: 'SMS',
  email: 'Email',
};
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
  refused_at_door: 'Refused at the door (not paid): stock back',
  paid_after_cancel: 'Paid after it was cancelled',
};
export const eventLabel = (type: string) =>
  EVENT_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** "12 Mar, 14:05" (Nairobi), or "Today 14:05". */
export function when(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return isNairobiToday(d, now) ? `Today ${formatNairobiTime(d)}` : formatNairobiDateTime(d);
}

/** Is this instant today in Nairobi? */
export const isToday = (iso: string, now = new Date()): boolean => isNairobiToday(iso, now);
