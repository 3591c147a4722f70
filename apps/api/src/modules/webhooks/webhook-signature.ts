import { createHmac } from 'node:crypto';
import type { SecretBox } from '@sokoni/db';

/**
 * The `Sokoni-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed by
 * the endpoint's secret. The receiver recomputes it over the raw body and refuses a timestamp
 * older than a few minutes, so a captured delivery cannot be replayed later (docs/webhooks.md).
 */
export function signatureHeader(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Stored as `<key id>:<base64 of the sealed bytes>`, bound to the store (AAD = tenant id). */
export function sealSecret(box: SecretBox, tenantId: string, secret: string): string {
  return `${box.keyId}:${box.seal(secret, tenantId).toString('base64')}`;
}

export function openSecret(box: SecretBox, tenantId: string, stored: string): string {
  const [keyId, sealed] = stored.split(':');
  return box.open(Buffer.from(sealed ?? '', 'base64'), tenantId, keyId ?? '');
}
