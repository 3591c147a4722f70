import { z } from 'zod';
import { multiLineText } from './text';

// ---------------------------------------------------------------------------------------------
// Owner side: the conversation with a shopper on an order, and replying to it.
// GET /v1/owner/orders/:number/messages, POST /v1/owner/orders/:number/messages

/** The longest reply an owner may type (WhatsApp takes 4096; a chat reply is far shorter). */
export const OWNER_REPLY_MAX_CHARS = 1000;

/** POST /v1/owner/orders/:number/messages: free text to the shopper, inside WhatsApp's 24-hour window. */
export const ownerReplySchema = z.object({
  text: multiLineText
    .trim()
    .min(1, 'Type a reply')
    .max(OWNER_REPLY_MAX_CHARS, `At most ${OWNER_REPLY_MAX_CHARS} characters`),
});
export type OwnerReply = z.infer<typeof ownerReplySchema>;

/** Why an owner cannot reply with free text right now (the 409's `details.reason`). */
export const replyBlockReasons = ['whatsapp_not_configured', 'opted_out', 'outside_whatsapp_window'] as const;
export type ReplyBlockReason = (typeof replyBlockReasons)[number];

/** One message in or out, as the conversation lists it (and as POST answers with the reply it stored). */
export const conversationMessageSchema = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  channel: z.string(),
  kind: z.string(),
  body: z.string().nullable(),
  status: z.string(),
  errorCode: z.string().nullable(),
  template: z.string().nullable(),
  orderId: z.string().nullable(),
  at: z.string(),
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

/**
 * WhatsApp's customer service window with this shopper: open for 24 hours after their last
 * message to the store. `closesAt` is when it closes (or closed); null if they never wrote.
 */
export const conversationWindowSchema = z.object({
  open: z.boolean(),
  closesAt: z.string().nullable(),
});
export type ConversationWindow = z.infer<typeof conversationWindowSchema>;

export const orderConversationSchema = z.object({
  messages: z.array(conversationMessageSchema),
  window: conversationWindowSchema,
  /** Whether a free-text reply would be accepted now, and if not, why (same reasons as the 409). */
  reply: z.object({ allowed: z.boolean(), reason: z.enum(replyBlockReasons).nullable() }),
});
export type OrderConversation = z.infer<typeof orderConversationSchema>;

/** POST /v1/owner/orders/:number/messages: the reply as stored. */
export const ownerReplySentSchema = z.object({ message: conversationMessageSchema });

// ---------------------------------------------------------------------------------------------
// GET / PUT /v1/owner/settings/messaging

export const messagingSettingsSchema = z.object({
  whatsappPhoneNumberId: z.string().nullable(),
  language: z.enum(['en', 'sw']),
  orderUpdates: z.boolean(),
  ownerEmailAlerts: z.boolean(),
  abandonedCartNudge: z.boolean(),
  abandonedCartAfterMinutes: z.number().int(),
});
export type MessagingSettings = z.infer<typeof messagingSettingsSchema>;

export const messagingSettingsResponseSchema = z.object({ settings: messagingSettingsSchema });
