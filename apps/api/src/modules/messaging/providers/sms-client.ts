/**
 * Africa's Talking SMS (shared/reference/apis.md section 3): form-encoded, apiKey header,
 * one recipient per call here so each message has its own id and status.
 */
export class SmsError extends Error {
  constructor(
    readonly statusCode: number | null,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

/** Recipient statusCodes that mean "accepted": 100 Processed, 101 Sent, 102 Queued. */
const ACCEPTED = new Set([100, 101, 102]);

export class SmsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly username: string,
    private readonly apiKey: string,
    private readonly senderId: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** Returns the provider's message id. */
  async send(phone: string, message: string): Promise<string> {
    const form = new URLSearchParams({ username: this.username, to: `+${phone}`, message });
    if (this.senderId) form.set('from', this.senderId);
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/version1/messaging`, {
        method: 'POST',
        headers: {
          apiKey: this.apiKey,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SmsError(null, `SMS gateway unreachable: ${(error as Error).message}`, false);
    }
    const text = await response.text();
    if (!response.ok)
      throw new SmsError(
        response.status,
        `SMS gateway answered HTTP ${response.status}: ${text.slice(0, 200)}`,
        response.status < 500,
      );
    const recipient = (
      JSON.parse(text) as {
        SMSMessageData?: { Recipients?: { statusCode?: unknown; status?: unknown; messageId?: unknown }[] };
      } | null
    )?.SMSMessageData?.Recipients?.[0];
    if (!recipient) throw new SmsError(null, 'SMS gateway accepted nobody', true);
    if (!ACCEPTED.has(Number(recipient.statusCode))) {
      // 5xx statusCodes are the gateway's trouble (try later); 4xx are about this number.
      throw new SmsError(
        Number(recipient.statusCode),
        `SMS not sent: ${String(recipient.status)}`,
        Number(recipient.statusCode) < 500,
      );
    }
    return String(recipient.messageId);
  }
}
