import type { TenantTransaction } from '@sokoni/db';
import type { MessagingRepository } from './messaging.repository';

const WINDOW_MS = 24 * 3600_000;

/**
 * Kinds whose failed WhatsApp message is NOT re-sent by SMS. An owner's reply is a turn in a
 * WhatsApp chat: as an SMS from the gateway's sender id the shopper could not answer it, and
 * the owner would think the chat went through. The owner sees it `failed` and calls instead.
 */
export const NO_SMS_FALLBACK = new Set(['owner_reply']);

export type WhatsAppWindow = { open: boolean; closesAt: Date | null };

/**
 * WhatsApp's customer service window: free text is allowed for 24 hours after the shopper's
 * last message to this store (templates any time). The one place that decides it.
 */
export async function whatsappWindow(
  repository: MessagingRepository,
  trx: TenantTransaction,
  phone: string,
): Promise<WhatsAppWindow> {
  const lastInbound = await repository.lastInboundAt(trx, phone);
  const closesAt = lastInbound ? new Date(lastInbound.getTime() + WINDOW_MS) : null;
  return { open: closesAt !== null && closesAt.getTime() > Date.now(), closesAt };
}
