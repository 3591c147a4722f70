import type { FastifyBaseLogger } from 'fastify';
import type { Parcel, TrailEntry } from './parcels';

/** Header carrying the business's shared webhook secret (CONTRACT.md "Webhooks"). */
export const WEBHOOK_SECRET_HEADER = 'x-webhook-secret';
const WEBHOOK_TIMEOUT_MS = 5_000;

export interface WebhookResult {
  url: string | null;
  /** HTTP status the receiver answered, or null when it could not be reached (or no URL). */
  status: number | null;
  error: string | null;
}

export function webhookBody(parcel: Parcel, entry: TrailEntry) {
  return {
    event: 'parcel.status_changed',
    eventId: entry.eventId,
    parcelId: parcel.parcelId,
    reference: parcel.reference,
    status: entry.status,
    agentId: parcel.receiverAgentId,
    occurredAt: entry.at,
    note: entry.note,
  };
}

/**
 * One POST of a status change to the callback URL given at parcel creation. The sandbox does not
 * retry on its own (tests drive replays through the admin resend route); a real partner retries
 * non-2xx answers, so receivers must be idempotent anyway.
 */
export async function sendWebhook(
  parcel: Parcel,
  entry: TrailEntry,
  secret: string | undefined,
  log: FastifyBaseLogger,
): Promise<WebhookResult> {
  const url = parcel.callbackUrl;
  if (!url) return { url: null, status: null, error: 'parcel has no callbackUrl' };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { [WEBHOOK_SECRET_HEADER]: secret } : {}) },
      body: JSON.stringify(webhookBody(parcel, entry)),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    log.info(
      { parcelId: parcel.parcelId, status: entry.status, url, answered: response.status },
      'delivery partner webhook sent',
    );
    return { url, status: response.status, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ parcelId: parcel.parcelId, status: entry.status, url, err: message }, 'delivery partner webhook failed');
    return { url, status: null, error: message };
  }
}
