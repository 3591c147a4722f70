import { formatKes, type InboxTemplate } from '@sokoni/contracts';
import type { Order } from '@sokoni/contracts';
import { paysAtDoor } from './how-to-pay';
import { render, type Language, type MessageFacts, type NotificationKind } from './templates';

/**
 * The approved WhatsApp templates an owner may send from the inbox, and when. Outside the
 * 24-hour window WhatsApp takes only templates, and ours are all order updates: each is offered
 * only while it is true of the shopper's latest order (never "payment received" for an unpaid
 * order), so the inbox cannot send a shopper something misleading.
 */
const OFFERS: { kind: NotificationKind; label: string; when: (status: string) => boolean }[] = [
  { kind: 'order_placed', label: 'Order details and how to pay', when: (s) => s === 'pending_payment' },
  { kind: 'order_paid', label: 'Payment received', when: (s) => s === 'paid' || s === 'packed' },
  { kind: 'order_delivered', label: 'Delivered: thank them and ask for a review', when: (s) => s === 'delivered' },
];

export interface TemplateContext {
  order: Order;
  storeName: string;
  storeSlug: string;
  storeUrl: string;
  orderLink: string;
  payTo: string | null;
  /** Paid at the door: "how to pay" names the amount to have ready, never a till or paybill (how-to-pay.ts). */
  payOnDelivery?: boolean;
  receipt: string | null;
  language: Language;
}

/** The facts a template is filled with for this order (the same ones the order's own notification uses). */
export function templateFacts(c: TemplateContext): MessageFacts {
  return {
    storeName: c.storeName,
    customerName: c.order.customerName,
    orderNumber: c.order.number,
    orderId: c.order.id,
    storeSlug: c.storeSlug,
    storeUrl: c.storeUrl,
    totalKes: c.order.totalKes,
    amountKes: c.order.totalKes,
    receipt: c.receipt,
    link: c.orderLink,
    payTo: c.payTo ?? `${formatKes(c.order.totalKes)}`,
    payOnDelivery: c.payOnDelivery ?? paysAtDoor(c.order),
  };
}

/** The templates offered now for this order, with the words the shopper would get. */
export function offeredTemplates(c: TemplateContext | null): InboxTemplate[] {
  if (!c) return [];
  return OFFERS.filter((o) => o.when(c.order.status)).map((o) => {
    const message = render(o.kind, c.language, templateFacts(c));
    const label = o.kind === 'order_placed' && paysAtDoor(c.order) ? 'Order details: pay on delivery' : o.label;
    return { kind: o.kind, template: message.template, label, preview: message.text };
  });
}
