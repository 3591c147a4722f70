/**
 * The API's answers the owner dashboard reads, as types (the API's contracts in
 * @sokoni/contracts where one exists; the rest mirror the API's view functions).
 */
import type {
  ConversationWindow,
  Delivery,
  Order,
  OwnerDeliverySettings,
  OwnerProduct,
  Payment,
  PickupAgent,
  Refund,
  ReplyBlockReason,
} from '@sokoni/contracts';

export type {
  ConversationWindow,
  Delivery,
  Order,
  OwnerDeliverySettings,
  OwnerProduct,
  PickupAgent,
  Refund,
  ReplyBlockReason,
};

export interface OrderList {
  items: Order[];
  nextCursor: number | null;
}

export interface ProductList {
  items: OwnerProduct[];
  nextCursor: string | null;
}

/** GET /v1/owner/orders/:number/payments. */
export interface OwnerPayment extends Payment {
  flags: string[] | null;
  countsForOrder: boolean;
  refundedKes: number;
  checkoutRequestId: string | null;
}

export interface OrderMoney {
  payments: OwnerPayment[];
  refunds: Refund[];
}

export interface OrderDeliveries {
  delivery: Delivery | null;
  previous: Delivery[];
}

/** GET /v1/owner/orders/:number/messages (oldest first). */
export interface Message {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  kind: string;
  body: string | null;
  status: string;
  errorCode: string | null;
  template: string | null;
  orderId: string | null;
  at: string;
}

/** GET /v1/owner/orders/:number/messages: the messages, WhatsApp's 24-hour window, and whether a reply may go now. */
export interface OrderConversation {
  messages: Message[];
  window: ConversationWindow;
  reply: { allowed: boolean; reason: ReplyBlockReason | null };
}

export interface MpesaSettingsView {
  configured: boolean;
  kind: 'till' | 'paybill' | null;
  shortcode: string | null;
  tillNumber: string | null;
  consumerKeyHint: string | null;
  refundsEnabled: boolean;
  refundMethod: 'reversal' | 'b2c' | null;
  callbackIpCheck: 'off' | 'log' | 'enforce' | null;
  c2bRegisteredAt: string | null;
  updatedAt: string | null;
}

export interface MessagingSettings {
  whatsappPhoneNumberId: string | null;
  language: 'en' | 'sw';
  orderUpdates: boolean;
  ownerEmailAlerts: boolean;
  abandonedCartNudge: boolean;
  abandonedCartAfterMinutes: number;
}
