import webpush from 'web-push';

/** What a push service said: delivered, gone for good (404/410: drop the subscription), or try later. */
export type PushResult = { ok: true } | { ok: false; gone: boolean; status: number | null; message: string };

/**
 * Web push with VAPID (RFC 8291 encryption, RFC 8292 auth) by the `web-push` library: it builds
 * the encrypted body and the Authorization header; the request itself goes out with fetch, so a
 * local push service on http (the sandbox) and the browsers' https ones are the same code.
 */
export class WebPushSender {
  constructor(
    private readonly vapid: { subject: string; publicKey: string; privateKey: string } | null,
    private readonly timeoutMs: number,
  ) {}

  get publicKey(): string | null {
    return this.vapid?.publicKey ?? null;
  }

  async send(
    subscription: { endpoint: string; p256dh: string; auth: string },
    payload: Record<string, unknown>,
  ): Promise<PushResult> {
    if (!this.vapid) return { ok: false, gone: false, status: null, message: 'web push is not configured' };
    const request = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      // An alert older than a day is news nobody needs: the push service may drop it then.
      { vapidDetails: this.vapid, TTL: 24 * 3600, urgency: 'high', contentEncoding: 'aes128gcm' },
    );
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { ok: false, gone: false, status: null, message: `push service unreachable: ${(error as Error).message}` };
    }
    if (response.status >= 200 && response.status < 300) return { ok: true };
    const text = (await response.text().catch(() => '')).slice(0, 200);
    return {
      ok: false,
      gone: response.status === 404 || response.status === 410,
      status: response.status,
      message: `push service answered HTTP ${response.status}${text ? `: ${text}` : ''}`,
    };
  }
}
