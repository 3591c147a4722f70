import { z } from 'zod';
import {
  conversationMessageSchema,
  conversationWindowSchema,
  OWNER_REPLY_MAX_CHARS,
  replyBlockReasons,
} from './messaging';
import { multiLineText } from './text';

// ---------------------------------------------------------------------------------------------
// The owner's WhatsApp inbox: every shopper who wrote in, unread first, and the thread with one.
// GET /v1/owner/conversations, GET /v1/owner/conversations/:phone,
// POST /v1/owner/conversations/:phone/read, POST /v1/owner/conversations/:phone/messages

/** A shopper's phone as stored (254...), the conversation's key in routes. */
export const conversationPhoneSchema = z.string().regex(/^254[17]\d{8}$/, 'a Kenyan phone number like 254712345678');

export const conversationSummarySchema = z.object({
  phone: z.string(),
  lastMessage: z.string(),
  lastAt: z.string(),
  inboundCount: z.number().int(),
  latestOrderNumber: z.number().int().nullable(),
  /** True while the shopper wrote something newer than this dashboard user last read. */
  unread: z.boolean().optional(),
  unreadCount: z.number().int().optional(),
});
export const conversationListSchema = z.object({ conversations: z.array(conversationSummarySchema) });
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** An approved WhatsApp template the owner may send now (outside the window), about one order. */
export const inboxTemplateSchema = z.object({
  /** What to send: the template's kind in POST .../messages. */
  kind: z.string(),
  template: z.string(),
  label: z.string(),
  /** The words the shopper will get. */
  preview: z.string(),
});
export type InboxTemplate = z.infer<typeof inboxTemplateSchema>;

export const inboxThreadSchema = z.object({
  phone: z.string(),
  messages: z.array(conversationMessageSchema),
  window: conversationWindowSchema,
  reply: z.object({ allowed: z.boolean(), reason: z.enum(replyBlockReasons).nullable() }),
  order: z.object({ number: z.number().int(), status: z.string(), totalKes: z.number().int() }).nullable(),
  templates: z.array(inboxTemplateSchema),
});
export type InboxThread = z.infer<typeof inboxThreadSchema>;

/** POST .../messages: free text (inside the 24-hour window) or one of the offered templates, not both. */
export const inboxSendSchema = z
  .object({
    text: multiLineText
      .trim()
      .min(1, 'Type a reply')
      .max(OWNER_REPLY_MAX_CHARS, `At most ${OWNER_REPLY_MAX_CHARS} characters`)
      .optional(),
    template: z
      .string()
      .regex(/^[a-z_]{1,40}$/, 'a template kind from the thread')
      .optional(),
  })
  .strict()
  .refine((v) => (v.text === undefined) !== (v.template === undefined), {
    message: 'Send either text or a template',
    path: ['text'],
  });
export type InboxSend = z.infer<typeof inboxSendSchema>;

export const inboxReadSchema = z.object({ readAt: z.string() });
