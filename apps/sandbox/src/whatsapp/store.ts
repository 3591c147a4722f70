import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { BackgroundWork } from '../daraja/deliveries';
import {
  FAILURES,
  DEFAULT_STATUS_DELAYS,
  planStatuses,
  scenarioForSuffix,
  type FailureCode,
  type StatusDelays,
  type StatusName,
  type WhatsAppScenario,
} from './scenarios';
import { KENYAN_WA_ID, type OutboundContent, type SendRequest } from './send-validation';
import {
  envelope,
  postWebhook,
  verifyWebhook,
  type Verification,
  type WebhookDelivery,
  type WhatsAppConfig,
} from './webhooks';

/** Free-form messages are allowed within 24 hours of the customer's last inbound message. */
export const SERVICE_WINDOW_MS = 24 * 3_600_000;

export type TemplateCategory = 'utility' | 'marketing' | 'authentication';

export interface Template {
  phoneNumberId: string;
  name: string;
  language: string;
  bodyParameters: number;
  category: TemplateCategory;
}

export interface StatusRecord {
  status: StatusName;
  timestamp: string;
  errorCode: FailureCode | null;
  /** The exact body POSTed (and re-POSTed by resend-statuses). */
  raw: string;
  deliveries: WebhookDelivery[];
}

export interface OutboundMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  waId: string;
  content: OutboundContent;
  /** Templates may go out any time; for text/interactive, whether the 24 h window was open. */
  insideWindow: boolean;
  scenario: WhatsAppScenario;
  failure: FailureCode | null;
  createdAt: string;
  statuses: StatusRecord[];
  /** Webhook POSTs of one message go out one after another, in plan order. */
  queue: Promise<void>;
}

export interface InboundMessage {
  id: string;
  phoneNumberId: string;
  from: string;
  name: string;
  type: 'text' | 'interactive';
  text: string | null;
  buttonReply: { id: string; title: string } | null;
  contextMessageId: string | null;
  timestamp: string;
  webhook: WebhookDelivery;
}

export interface ConfigInput {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId?: string;
  webhookUrl: string;
  appSecret: string;
  verifyToken: string;
}

export interface InboundInput {
  phoneNumberId: string;
  from: string;
  name?: string;
  text?: string;
  buttonReplyId?: string;
  buttonReplyTitle?: string;
  /** When the customer wrote (default now): an old time leaves the 24 h window closed. */
  receivedAt?: Date;
}

const unixSeconds = (ms: number = Date.now()): string => String(Math.floor(ms / 1000));

/**
 * Like "wamid.HBgMMjU0NzEyMzQ1Njc4FQIAERgSM0E5...": base64 of a small binary record holding the
 * recipient and a random key, so ids are unique and look like Meta's.
 */
export function newWamid(waId: string): string {
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, waId.length]),
    Buffer.from(waId),
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]),
    Buffer.from(randomBytes(9).toString('hex').toUpperCase()),
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

/**
 * The sandbox's WhatsApp Business platform: phone number configs (one per store), the template
 * catalogue, 24-hour windows, outbound messages with their status webhooks, inbound messages.
 * Timers and in-flight POSTs belong to `work`, so reset and close leave nothing behind.
 */
export class WhatsAppStore {
  private readonly configs = new Map<string, WhatsAppConfig>();
  private readonly templates = new Map<string, Template>();
  private readonly scenarios = new Map<string, WhatsAppScenario>();
  private readonly lastInbound = new Map<string, number>();
  private readonly conversations = new Map<string, string>();
  private readonly outbound = new Map<string, OutboundMessage>();
  private readonly inboundLog: InboundMessage[] = [];
  private delays: StatusDelays = { ...DEFAULT_STATUS_DELAYS };
  private work = new BackgroundWork();

  constructor(private readonly log: () => FastifyBaseLogger) {}

  // ---- configuration -------------------------------------------------------------------------

  async configure(input: ConfigInput): Promise<WhatsAppConfig> {
    const config: WhatsAppConfig = {
      phoneNumberId: input.phoneNumberId,
      displayPhoneNumber: input.displayPhoneNumber,
      wabaId:
        input.wabaId ??
        this.configs.get(input.phoneNumberId)?.wabaId ??
        `${randomInt(100_000, 1_000_000)}${randomInt(100_000_000, 1_000_000_000)}`,
      webhookUrl: input.webhookUrl,
      appSecret: input.appSecret,
      verifyToken: input.verifyToken,
      verification: { verified: false, at: new Date().toISOString(), status: null, error: 'not verified yet' },
    };
    this.configs.set(config.phoneNumberId, config);
    await this.verify(config.phoneNumberId);
    return config;
  }

  async verify(phoneNumberId: string): Promise<Verification | null> {
    const config = this.configs.get(phoneNumberId);
    if (!config) return null;
    config.verification = await verifyWebhook(config, this.work.signal);
    this.log().info(
      { phoneNumberId, verified: config.verification.verified, error: config.verification.error },
      'whatsapp webhook verification',
    );
    return config.verification;
  }

  config(phoneNumberId: string): WhatsAppConfig | undefined {
    return this.configs.get(phoneNumberId);
  }

  allConfigs(): WhatsAppConfig[] {
    return [...this.configs.values()];
  }

  registerTemplate(template: Template): void {
    this.templates.set(templateKey(template.phoneNumberId, template.name, template.language), template);
  }

  template(phoneNumberId: string, name: string, language: string): Template | undefined {
    return this.templates.get(templateKey(phoneNumberId, name, language));
  }

  allTemplates(): Template[] {
    return [...this.templates.values()];
  }

  setScenario(waId: string, scenario: WhatsAppScenario): void {
    this.scenarios.set(waId, scenario);
  }

  listScenarios(): Array<{ to: string; scenario: WhatsAppScenario }> {
    return [...this.scenarios].map(([to, scenario]) => ({ to, scenario }));
  }

  setDelays(delays: Partial<StatusDelays>): StatusDelays {
    this.delays = { ...this.delays, ...delays };
    return this.delays;
  }

  statusDelays(): StatusDelays {
    return this.delays;
  }

  // ---- the 24-hour customer service window ---------------------------------------------------

  windowOpen(phoneNumberId: string, waId: string, now = Date.now()): boolean {
    const last = this.lastInbound.get(`${phoneNumberId}|${waId}`);
    return last !== undefined && now - last < SERVICE_WINDOW_MS;
  }

  // ---- outbound ------------------------------------------------------------------------------

  /** Records an accepted send and schedules its status webhooks. */
  accept(config: WhatsAppConfig, request: SendRequest, category: TemplateCategory | 'service'): OutboundMessage {
    const freeForm = request.content.type !== 'template';
    const insideWindow = this.windowOpen(config.phoneNumberId, request.waId);
    const scenario = this.scenarios.get(request.waId) ?? scenarioForSuffix(request.waId);
    const failure: FailureCode | null = !KENYAN_WA_ID.test(request.waId)
      ? 131026
      : freeForm && !insideWindow
        ? 131047
        : null;
    let id: string;
    do id = newWamid(request.waId);
    while (this.outbound.has(id));
    const message: OutboundMessage = {
      id,
      phoneNumberId: config.phoneNumberId,
      to: request.input,
      waId: request.waId,
      content: request.content,
      insideWindow,
      scenario,
      failure,
      createdAt: new Date().toISOString(),
      statuses: [],
      queue: Promise.resolve(),
    };
    this.outbound.set(id, message);
    for (const planned of planStatuses(scenario, this.delays, failure)) {
      this.work.schedule(planned.afterMs, () => {
        message.queue = message.queue
          .then(() => this.emitStatus(message, planned.status, planned.errorCode ?? null, planned.copies, category))
          .catch((error: unknown) =>
            this.log().error({ err: error, id: message.id }, 'whatsapp status webhook failed'),
          );
      });
    }
    this.log().info(
      { id, phoneNumberId: config.phoneNumberId, type: request.content.type, scenario, failure },
      'whatsapp message accepted',
    );
    return message;
  }

  message(id: string): OutboundMessage | undefined {
    return this.outbound.get(id);
  }

  messages(filter: { to?: string; phoneNumberId?: string } = {}): OutboundMessage[] {
    const to = filter.to?.replace(/^\+/, '');
    return [...this.outbound.values()].filter(
      (m) => (!to || m.waId === to) && (!filter.phoneNumberId || m.phoneNumberId === filter.phoneNumberId),
    );
  }

  /** POSTs every status sent so far again, byte for byte (Meta's retry of an unacknowledged webhook). */
  async resendStatuses(message: OutboundMessage): Promise<void> {
    const run = message.queue.then(async () => {
      const config = this.configs.get(message.phoneNumberId);
      for (const record of message.statuses) {
        if (config) record.deliveries.push(await postWebhook(config, record.raw, this.work.signal));
      }
    });
    message.queue = run;
    await run;
  }

  private async emitStatus(
    message: OutboundMessage,
    status: StatusName,
    errorCode: FailureCode | null,
    copies: 1 | 2,
    category: TemplateCategory | 'service',
  ): Promise<void> {
    const config = this.configs.get(message.phoneNumberId);
    if (!config || this.outbound.get(message.id) !== message) return; // reset since
    const timestamp = unixSeconds();
    const item: Record<string, unknown> = { id: message.id, status, timestamp, recipient_id: message.waId };
    if (status === 'sent' || status === 'delivered') {
      const conversationId = this.conversationId(message.phoneNumberId, message.waId, category);
      item.conversation = {
        id: conversationId,
        ...(status === 'sent' ? { expiration_timestamp: unixSeconds(Date.now() + SERVICE_WINDOW_MS) } : {}),
        origin: { type: category },
      };
      item.pricing = { billable: true, pricing_model: 'CBP', category };
    }
    if (errorCode) {
      const failure = FAILURES[errorCode];
      item.errors = [
        {
          code: errorCode,
          title: failure.title,
          message: failure.message,
          error_data: { details: failure.details },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    }
    const raw = JSON.stringify(envelope(config, { statuses: [item] }));
    const record: StatusRecord = { status, timestamp, errorCode, raw, deliveries: [] };
    message.statuses.push(record);
    for (let i = 0; i < copies; i++) record.deliveries.push(await postWebhook(config, raw, this.work.signal));
    this.log().info(
      { id: message.id, status, errorCode, answered: record.deliveries.map((d) => d.status ?? d.error) },
      'whatsapp status webhook',
    );
  }

  private conversationId(phoneNumberId: string, waId: string, category: string): string {
    const key = `${phoneNumberId}|${waId}|${category}`;
    let id = this.conversations.get(key);
    if (!id) {
      id = randomBytes(16).toString('hex');
      this.conversations.set(key, id);
    }
    return id;
  }

  // ---- inbound -------------------------------------------------------------------------------

  /** A customer writes to the store: opens the window and POSTs the messages webhook. */
  async inbound(config: WhatsAppConfig, input: InboundInput): Promise<InboundMessage> {
    const at = input.receivedAt?.getTime() ?? Date.now();
    const key = `${config.phoneNumberId}|${input.from}`;
    this.lastInbound.set(key, Math.max(this.lastInbound.get(key) ?? 0, at));
    const id = newWamid(input.from);
    const name = input.name ?? 'Sandbox Customer';
    const timestamp = unixSeconds(at);
    const message: Record<string, unknown> = { from: input.from, id, timestamp };
    let buttonReply: InboundMessage['buttonReply'] = null;
    let contextMessageId: string | null = null;
    if (input.buttonReplyId !== undefined) {
      // The reply quotes the latest message to this customer that offered the button.
      const offered = [...this.outbound.values()]
        .reverse()
        .find(
          (m) =>
            m.phoneNumberId === config.phoneNumberId &&
            m.waId === input.from &&
            m.content.type === 'interactive' &&
            m.content.buttons.some((b) => b.id === input.buttonReplyId),
        );
      const title =
        offered?.content.type === 'interactive'
          ? offered.content.buttons.find((b) => b.id === input.buttonReplyId)!.title
          : (input.buttonReplyTitle ?? input.buttonReplyId);
      buttonReply = { id: input.buttonReplyId, title };
      contextMessageId = offered?.id ?? null;
      if (offered) message.context = { from: config.displayPhoneNumber, id: offered.id };
      message.type = 'interactive';
      message.interactive = { type: 'button_reply', button_reply: buttonReply };
    } else {
      message.type = 'text';
      message.text = { body: input.text ?? '' };
    }
    const raw = JSON.stringify(
      envelope(config, { contacts: [{ profile: { name }, wa_id: input.from }], messages: [message] }),
    );
    const webhook = await postWebhook(config, raw, this.work.signal);
    const record: InboundMessage = {
      id,
      phoneNumberId: config.phoneNumberId,
      from: input.from,
      name,
      type: buttonReply ? 'interactive' : 'text',
      text: buttonReply ? null : (input.text ?? ''),
      buttonReply,
      contextMessageId,
      timestamp,
      webhook,
    };
    this.inboundLog.push(record);
    this.log().info(
      { id, phoneNumberId: config.phoneNumberId, type: record.type, answered: webhook.status ?? webhook.error },
      'whatsapp inbound message',
    );
    return record;
  }

  inboundMessages(filter: { from?: string; phoneNumberId?: string } = {}): InboundMessage[] {
    return this.inboundLog.filter(
      (m) =>
        (!filter.from || m.from === filter.from.replace(/^\+/, '')) &&
        (!filter.phoneNumberId || m.phoneNumberId === filter.phoneNumberId),
    );
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Server close: cancel timers and in-flight POSTs, keep the records. */
  stop(): void {
    this.work.stop();
  }

  clear(): void {
    this.work.stop();
    this.configs.clear();
    this.templates.clear();
    this.scenarios.clear();
    this.lastInbound.clear();
    this.conversations.clear();
    this.outbound.clear();
    this.inboundLog.length = 0;
    this.delays = { ...DEFAULT_STATUS_DELAYS };
  }
}

function templateKey(phoneNumberId: string, name: string, language: string): string {
  return `${phoneNumberId}|${name}|${language}`;
}
