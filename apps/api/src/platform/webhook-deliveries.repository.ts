import type { Database, Kysely } from '@sokoni/db';
import { MAX_UNAUTHENTICATED_BYTES, type ReceivedBody } from './raw-body';

/**
 * Stores one platform webhook delivery (WhatsApp, delivery partner) as received, before it is
 * parsed. Insert only (the app role has no other right on this table, see migration 0020), so
 * no RETURNING: the correlation id ties the row to the request's log lines.
 */
export async function insertWebhookDelivery(
  db: Kysely<Database>,
  row: {
    source: 'whatsapp' | 'delivery_partner';
    pathHint: string | null;
    correlationId: string | null;
    received: ReceivedBody;
    authenticated: boolean;
    flagReason: string | null;
  },
): Promise<void> {
  const { bytes, contentType, sourceIp } = row.received;
  await db
    .insertInto('webhook_deliveries')
    .values({
      source: row.source,
      path_hint: row.pathHint?.slice(0, 80) ?? null,
      correlation_id: row.correlationId?.slice(0, 200) ?? null,
      content_type: contentType,
      size_bytes: bytes.length,
      raw_body: row.authenticated ? bytes : bytes.subarray(0, MAX_UNAUTHENTICATED_BYTES),
      authenticated: row.authenticated,
      flag_reason: row.flagReason,
      source_ip: sourceIp,
    })
    .execute();
}
