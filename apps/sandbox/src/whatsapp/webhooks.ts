import { createHmac, randomInt } from 'node:crypto';

/** Header Meta signs every webhook POST with (reference section 2). */
export const SIGNATURE_HEADER = 'x-hub-signature-256';
const TIMEOUT_MS = 5_000;

export interface WhatsAppConfig {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  webhookUrl: string;
  appSecret: string;
  verifyToken: string;
  verification: Verification;
}

export interface Verification {
  verified: boolean;
  at: string;
  /** HTTP status of the GET, or null when the receiver could not be reached. */
  status: number | null;
  error: string | null;
}

/** One POST of a webhook body. */
export interface WebhookDelivery {
  at: string;
  status: number | null;
  error: string | null;
}

/** `sha256=<hex HMAC-SHA256 of the exact raw body, key = app secret>`. */
export function signature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Meta's envelope around one `value` (messages or statuses). */
export function envelope(config: WhatsAppConfig, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: config.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: config.displayPhoneNumber, phone_number_id: config.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/**
 * Meta's subscription handshake: GET <url>?hub.mode=subscribe&hub.verify_token=..&hub.challenge=..;
 * verified only on a 200 whose body is exactly the challenge.
 */
export async function verifyWebhook(
  config: Pick<WhatsAppConfig, 'webhookUrl' | 'verifyToken'>,
  cancel: AbortSignal,
): Promise<Verification> {
  const at = new Date().toISOString();
  const challenge = String(randomInt(100_000_000, 2_000_000_000));
  const url = new URL(config.webhookUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', config.verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  try {
    const response = await fetch(url, {
      headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' },
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), cancel]),
    });
    const text = await response.text().catch(() => '');
    if (response.status !== 200)
      return {
        verified: false,
        at,
        status: response.status,
        error: `answered ${response.status}, expected 200 with the challenge`,
      };
    if (text !== challenge)
      return {
        verified: false,
        at,
        status: response.status,
        error: `body was not exactly the challenge (${challenge})`,
      };
    return { verified: true, at, status: 200, error: null };
  } catch (error) {
    return { verified: false, at, status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** POSTs the exact `rawBody`, signed. Never throws; a refused webhook is a recorded delivery. */
export async function postWebhook(
  config: WhatsAppConfig,
  rawBody: string,
  cancel: AbortSignal,
): Promise<WebhookDelivery> {
  const at = new Date().toISOString();
  if (!config.verification.verified) {
    return {
      at,
      status: null,
      error:
        'webhook URL not verified: Meta only delivers to a verified callback (POST /__admin/whatsapp/config/:phoneNumberId/verify)',
    };
  }
  try {
    const response = await fetch(config.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'facebookexternalua',
        [SIGNATURE_HEADER]: signature(config.appSecret, rawBody),
      },
      body: rawBody,
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), cancel]),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { at, status: response.status, error: null };
  } catch (error) {
    return { at, status: null, error: error instanceof Error ? error.message : String(error) };
  }
}
