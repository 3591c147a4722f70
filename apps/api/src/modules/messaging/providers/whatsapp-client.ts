/**
 * WhatsApp Cloud API (shared/reference/apis.md section 2) over HTTP: text, template and button
 * messages from a store's business number. Only a base URL and token from config, so the
 * sandbox and graph.facebook.com are the same code.
 */

export class WhatsAppError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'WhatsAppError';
  }

  /** Retrying the same request will not help (bad number, template, window): fall back instead. */
  get permanent(): boolean {
    return this.httpStatus >= 400 && this.httpStatus < 500 && this.code !== 130429 && this.code !== 131056;
  }
}

export type WhatsAppBody =
  | { type: 'text'; text: string }
  | { type: 'template'; template: string; language: string; parameters: string[] }
  | { type: 'buttons'; text: string; buttons: { id: string; title: string }[] };

export class WhatsAppClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiVersion: string,
    private readonly accessToken: string,
    private readonly timeoutMs: number,
  ) {}

  /** Returns Meta's message id (wamid...). */
  async send(phoneNumberId: string, to: string, body: WhatsAppBody): Promise<string> {
    const payload: Record<string, unknown> = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
    if (body.type === 'text')
      Object.assign(payload, { type: 'text', text: { preview_url: true, body: body.text.slice(0, 4096) } });
    if (body.type === 'template') {
      Object.assign(payload, {
        type: 'template',
        template: {
          name: body.template,
          language: { code: body.language },
          components: [{ type: 'body', parameters: body.parameters.map((text) => ({ type: 'text', text })) }],
        },
      });
    }
    if (body.type === 'buttons') {
      Object.assign(payload, {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: body.text },
          action: {
            buttons: body.buttons
              .slice(0, 3)
              .map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title.slice(0, 20) } })),
          },
        },
      });
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/${this.apiVersion}/${phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new WhatsAppError(0, null, `WhatsApp unreachable: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => null)) as {
      messages?: { id?: unknown }[];
      error?: { code?: unknown; message?: string | number | boolean | null };
    } | null;
    const id = json?.messages?.[0]?.id;
    if (response.ok && typeof id === 'string') return id;
    throw new WhatsAppError(
      response.status,
      typeof json?.error?.code === 'number' ? json.error.code : null,
      String(json?.error?.message ?? `HTTP ${response.status}`),
    );
  }
}
