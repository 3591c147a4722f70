/**
 * The API's answers the owner dashboard reads, as types: each is inferred from the zod schema in
 * @sokoni/contracts that the answer is parsed with (lib/api-call.ts), so the type and the check
 * cannot drift apart.
 */
export type {
  ConversationMessage as Message,
  ConversationWindow,
  Delivery,
  MessagingSettings,
  MpesaSettingsView,
  Order,
  OrderConversation,
  OrderDeliveries,
  OwnerDeliverySettings,
  OwnerOrderList as OrderList,
  OwnerOrderPayments as OrderMoney,
  OwnerPayment,
  OwnerProduct,
  OwnerProductList as ProductList,
  PickupAgent,
  Refund,
  ReplyBlockReason,
} from '@sokoni/contracts';
