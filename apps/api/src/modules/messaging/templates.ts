import { formatKes } from '@sokoni/contracts';
import type { OrderNotificationKind } from '../../queues/jobs';

/**
 * The messages a shopper gets, in English and Swahili. Each is a WhatsApp template (name and
 * ordered body parameters, as approved in Meta's manager) and the same words as plain text for
 * SMS and for free-form WhatsApp inside the 24-hour window.
 */
export type Language = 'en' | 'sw';
/** What an order owes its shopper (one job kind each, queues/jobs.ts), plus the cart reminder and back in stock. */
export type NotificationKind = OrderNotificationKind | 'cart_reminder' | 'back_in_stock';

export interface TemplateMessage {
  /** WhatsApp template name (same name in both languages, as Meta stores them). */
  template: string;
  parameters: string[];
  text: string;
}

export interface MessageFacts {
  storeName: string;
  customerName: string;
  orderNumber?: number;
  totalKes?: number;
  receipt?: string | null;
  amountKes?: number;
  rider?: string | null;
  eta?: string | null;
  payTo?: string | null;
  /** Paid at the door (pay on delivery): "order placed" names the amount to have ready, no till or paybill. */
  payOnDelivery?: boolean;
  link?: string | null;
  /** The order's id and the store's storefront URL (MessageSender fills it from storeSlug): the review link. */
  orderId?: string | null;
  storeSlug?: string | null;
  storeUrl?: string | null;
  /** The owner's words (a refused return's reason). */
  note?: string | null;
  /** Back in stock: the product (and variant options) the shopper asked about. */
  productTitle?: string | null;
}

/** Where a shopper rates and reviews a delivered order (apps/web pages/s/[store]/reviews/[order].tsx). */
export const reviewLink = (f: MessageFacts): string =>
  f.storeUrl && f.orderId ? `${f.storeUrl}/reviews/${f.orderId}` : (f.storeUrl ?? '-');

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** `template` overrides the kind's template when one kind has two approved wordings (order placed). */
type Builder = (f: MessageFacts) => { template?: string; parameters: string[]; text: Record<Language, string> };

/**
 * "Order placed" for a pay-on-delivery order: confirmed, and the amount to have ready at the door
 * (M-Pesa prompt or cash to the rider). A template of its own: Meta's approved body text is
 * fixed, and the M-Pesa one says "Pay with M-Pesa: {{4}}".
 */
const podOrderPlaced: Builder = (f) => {
  const p = [firstName(f.customerName), String(f.orderNumber), formatKes(f.totalKes ?? 0), f.storeName];
  return {
    template: 'order_confirmed_pay_on_delivery',
    parameters: p,
    text: {
      en: `Hi ${p[0]}, ${p[3]} has confirmed your order #${p[1]}. Pay on delivery: have ${p[2]} ready when it arrives, by M-Pesa prompt or cash to the rider. Reply here with any question.`,
      sw: `Habari ${p[0]}, ${p[3]} imethibitisha oda yako #${p[1]}. Lipa ukiletewa: kuwa na ${p[2]} tayari mzigo ukifika, kwa M-Pesa prompt au cash kwa rider. Jibu hapa kwa swali lolote.`,
    },
  };
};

/** The order of `parameters` is the order of {{1}}, {{2}} ... in the approved template. */
export const TEMPLATES: Record<NotificationKind, { template: string; build: Builder }> = {
  order_placed: {
    template: 'order_confirmed',
    build: (f) => {
      if (f.payOnDelivery) return podOrderPlaced(f);
      const p = [
        firstName(f.customerName),
        String(f.orderNumber),
        formatKes(f.totalKes ?? 0),
        f.payTo ?? '-',
        f.storeName,
      ];
      return {
        parameters: p,
        text: {
          en: `Hi ${p[0]}, ${p[4]} has your order #${p[1]} (${p[2]}). Pay with M-Pesa: ${p[3]}. Reply here with any question.`,
          sw: `Habari ${p[0]}, ${p[4]} imepokea oda yako #${p[1]} (${p[2]}). Lipa kwa M-Pesa: ${p[3]}. Jibu hapa kwa swali lolote.`,
        },
      };
    },
  },
  order_paid: {
    template: 'payment_received',
    build: (f) => {
      const p = [
        firstName(f.customerName),
        formatKes(f.amountKes ?? f.totalKes ?? 0),
        // Paid by STK Query, receipt not known yet: it follows in its own message (payment_receipt).
        f.receipt ?? 'to follow',
        String(f.orderNumber),
        f.storeName,
      ];
      return {
        parameters: p,
        text: {
          en: `Asante ${p[0]}! ${p[4]} received ${p[1]} for order #${p[3]}. M-Pesa receipt: ${p[2]}. We will tell you when it is on the way.`,
          sw: `Asante ${p[0]}! ${p[4]} imepokea ${p[1]} kwa oda #${p[3]}. Risiti ya M-Pesa: ${p[2]}. Tutakujulisha ikiwa njiani.`,
        },
      };
    },
  },
  order_dispatched: {
    template: 'order_dispatched',
    build: (f) => {
      const p = [String(f.orderNumber), f.rider ?? '-', f.eta ?? '-', f.storeName, f.link ?? '-'];
      return {
        parameters: p,
        text: {
          en: `Your ${p[3]} order #${p[0]} is on the way with ${p[1]}. Expected: ${p[2]}. Track it: ${p[4]}`,
          sw: `Oda yako #${p[0]} kutoka ${p[3]} iko njiani na ${p[1]}. Inatarajiwa: ${p[2]}. Ifuatilie: ${p[4]}`,
        },
      };
    },
  },
  order_delivered: {
    template: 'order_delivered',
    build: (f) => {
      const p = [String(f.orderNumber), f.storeName, f.link ?? '-', reviewLink(f)];
      return {
        parameters: p,
        text: {
          en: `Order #${p[0]} from ${p[1]} was delivered. Thank you for shopping with us! Your order: ${p[2]} How was it? Rate what you bought: ${p[3]}`,
          sw: `Oda #${p[0]} kutoka ${p[1]} imefikishwa. Asante kwa kununua nasi! Oda yako: ${p[2]} Ulipendaje? Tupe maoni yako: ${p[3]}`,
        },
      };
    },
  },
  order_refunded: {
    template: 'order_refunded',
    build: (f) => {
      const p = [formatKes(f.amountKes ?? 0), String(f.orderNumber), f.storeName];
      return {
        parameters: p,
        text: {
          en: `${p[2]} refunded ${p[0]} for order #${p[1]} to your M-Pesa.`,
          sw: `${p[2]} imerudisha ${p[0]} kwa oda #${p[1]} kwenye M-Pesa yako.`,
        },
      };
    },
  },
  payment_receipt: {
    template: 'payment_receipt',
    build: (f) => {
      const p = [f.receipt ?? '-', formatKes(f.amountKes ?? f.totalKes ?? 0), String(f.orderNumber), f.storeName];
      return {
        parameters: p,
        text: {
          en: `Your M-Pesa receipt for order #${p[2]} at ${p[3]} (${p[1]}): ${p[0]}.`,
          sw: `Risiti yako ya M-Pesa kwa oda #${p[2]} ya ${p[3]} (${p[1]}): ${p[0]}.`,
        },
      };
    },
  },
  order_partly_refunded: {
    template: 'order_refunded',
    build: (f) => TEMPLATES.order_refunded.build(f),
  },
  order_cancelled: {
    template: 'order_cancelled',
    build: (f) => {
      const p = [String(f.orderNumber), f.storeName, formatKes(f.amountKes ?? 0), f.link ?? '-'];
      const refund = (f.amountKes ?? 0) > 0;
      return {
        parameters: p,
        text: {
          en: `Order #${p[0]} at ${p[1]} was cancelled.${refund ? ` ${p[2]} is on its way back to your M-Pesa.` : ''} Details: ${p[3]}`,
          sw: `Oda #${p[0]} kutoka ${p[1]} imeghairiwa.${refund ? ` ${p[2]} inarudishwa kwenye M-Pesa yako.` : ''} Maelezo: ${p[3]}`,
        },
      };
    },
  },
  order_return_accepted: {
    template: 'order_return_accepted',
    build: (f) => {
      const p = [String(f.orderNumber), f.storeName, formatKes(f.amountKes ?? 0), f.link ?? '-'];
      return {
        parameters: p,
        text: {
          en: `${p[1]} accepted your return for order #${p[0]}: ${p[2]} is on its way back to your M-Pesa. Details: ${p[3]}`,
          sw: `${p[1]} imekubali kurudisha bidhaa za oda #${p[0]}: ${p[2]} inarudishwa kwenye M-Pesa yako. Maelezo: ${p[3]}`,
        },
      };
    },
  },
  order_return_refused: {
    template: 'order_return_refused',
    build: (f) => {
      const p = [String(f.orderNumber), f.storeName, f.note ?? '-', f.link ?? '-'];
      return {
        parameters: p,
        text: {
          en: `${p[1]} could not accept your return for order #${p[0]}: ${p[2]}. Details: ${p[3]}`,
          sw: `${p[1]} haikuweza kukubali kurudisha bidhaa za oda #${p[0]}: ${p[2]}. Maelezo: ${p[3]}`,
        },
      };
    },
  },
  cart_reminder: {
    template: 'cart_reminder',
    build: (f) => {
      const p = [firstName(f.customerName), f.storeName, f.link ?? ''];
      return {
        parameters: p,
        text: {
          en: `Hi ${p[0]}, your cart at ${p[1]} is waiting: ${p[2]} (reply STOP to get no more reminders)`,
          sw: `Habari ${p[0]}, kikapu chako ${p[1]} bado kinakusubiri: ${p[2]} (jibu STOP usipokee vikumbusho)`,
        },
      };
    },
  },
  back_in_stock: {
    template: 'back_in_stock',
    build: (f) => {
      const p = [f.productTitle ?? '-', f.storeName, f.link ?? '-'];
      return {
        parameters: p,
        text: {
          en: `Good news: ${p[0]} is back in stock at ${p[1]}. Get yours before it sells out again: ${p[2]} (you asked us to tell you once; reply STOP for no more messages)`,
          sw: `Habari njema: ${p[0]} imerudi ${p[1]}. Chukua yako kabla haijaisha tena: ${p[2]} (uliomba tukujulishe mara moja; jibu STOP usipokee ujumbe zaidi)`,
        },
      };
    },
  },
};

/** Template names and their parameter counts, for registering them (sandbox, Meta's manager). */
export const TEMPLATE_CATALOGUE = [
  { name: 'order_confirmed', bodyParameters: 5 },
  { name: 'order_confirmed_pay_on_delivery', bodyParameters: 4 },
  { name: 'payment_received', bodyParameters: 5 },
  { name: 'order_dispatched', bodyParameters: 5 },
  { name: 'order_delivered', bodyParameters: 4 },
  { name: 'order_refunded', bodyParameters: 3 },
  { name: 'cart_reminder', bodyParameters: 3 },
  { name: 'order_cancelled', bodyParameters: 4 },
  { name: 'order_return_accepted', bodyParameters: 4 },
  { name: 'order_return_refused', bodyParameters: 4 },
  { name: 'payment_receipt', bodyParameters: 4 },
  { name: 'back_in_stock', bodyParameters: 3 },
] as const;

export function render(kind: NotificationKind, language: Language, facts: MessageFacts): TemplateMessage {
  const spec = TEMPLATES[kind];
  const built = spec.build(facts);
  return { template: built.template ?? spec.template, parameters: built.parameters, text: built.text[language] };
}
