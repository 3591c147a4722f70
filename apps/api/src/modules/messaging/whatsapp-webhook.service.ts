import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMsisdn } from '@sokoni/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { Metrics } from '../../platform/metrics';
import { flaggedBodiesCounter, readJsonBody, type ReceivedBody } from '../../platform/raw-body';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, DB, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { NO_SMS_FALLBACK } from './messaging-rules';
import { MessagingRepository } from './messaging.repository';
import { WHATSAPP } from './providers/messaging-providers.module';
import type { WhatsAppClient } from './providers/whatsapp-client';

const STATUS_RANK = { queued: 0, accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5, received: 0 } as const;
const STOP_WORDS = /^(stop|stop all|unsubscribe|acha|simama)$/i;
const START_WORDS = /^(start|anza)$/i;

/** Meta's webhook JSON as read here: any field may be missing; those checked before use are unknown. */
type JsonScalar = string | number | boolean | null;
interface WebhookChange {
  value?: { statuses?: unknown; metadata?: { phone_number_id?: JsonScalar }; messages?: unknown; contacts?: unknown };
}
interface WebhookStatus {
  id?: unknown;
  status?: unknown;
  timestamp?: JsonScalar;
  errors?: { code?: JsonScalar; title?: JsonScalar }[];
}
interface WebhookMessage {
  from?: unknown;
  id?: unknown;
  type?: JsonScalar;
  text?: { body?: JsonScalar };
  interactive?: { button_reply?: { title?: JsonScalar; id?: JsonScalar } };
}
interface WebhookContact {
  wa_id?: unknown;
  profile?: { name?: string };
}
const STATUS_VALUES: readonly unknown[] = ['sent', 'delivered', 'read', 'failed'];
const isStatusValue = (value: unknown): value is 'sent' | 'delivered' | 'read' | 'failed' =>
  STATUS_VALUES.includes(value);

/**
 * The platform's WhatsApp webhook: Meta's subscription handshake, and signed deliveries of the
 * statuses of our messages and of shoppers' own messages (with STOP and START, which opt a
 * shopper out of and back into a store's messages).
 */
@Injectable()
export class WhatsAppWebhookService {
  private readonly flaggedBodies: ReturnType<typeof flaggedBodiesCounter>;

  constructor(
    private readonly repository: MessagingRepository,
    private readonly tenantDb: TenantDb,
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
    @Inject(WHATSAPP) private readonly whatsapp: WhatsAppClient,
  ) {
    this.flaggedBodies = flaggedBodiesCounter(metrics);
  }

  /** Meta's subscription handshake: echo the challenge when the verify token matches. */
  verifySubscription(mode: string | undefined, token: string | undefined, challenge: string | undefined): string {
    if (mode === 'subscribe' && token === this.config.WHATSAPP_VERIFY_TOKEN && challenge) return challenge;
    throw new ApiError(403, 'forbidden', 'Verification token mismatch');
  }

  /**
   * A signed webhook delivery (statuses and inbound messages). The bytes are stored first
   * (platform table webhook_deliveries: the store is named inside the body), then the signature
   * is checked over them, then they are read. A signed body that cannot be read is kept,
   * flagged and answered 200 (Meta would otherwise redeliver the same bytes for a day); an
   * unsigned one is kept truncated (anyone can post) and refused 401. Every effect is keyed on
   * Meta's ids, so the redeliveries Meta makes for a day change nothing.
   */
  async receiveWebhook(
    caller: RequestContext,
    received: ReceivedBody,
    signature: string | undefined,
  ): Promise<{ statuses: number; inbound: number }> {
    const authenticated = Boolean(signature) && this.signatureValid(received.bytes, signature!);
    const read = readJsonBody(received.bytes);
    const flag = read.ok ? null : read.flag;
    const stored = this.repository.recordWebhookDelivery(this.db, {
      received,
      authenticated,
      flagReason: flag,
      correlationId: caller.correlationId,
    });
    if (!authenticated) {
      await stored.catch((error: unknown) =>
        this.logger.error({ err: error }, 'could not store a refused WhatsApp webhook'),
      );
      this.logger.warn(
        { has_signature: Boolean(signature), size_bytes: received.bytes.length },
        'WhatsApp webhook with a bad or missing signature: refused',
      );
      throw new ApiError(401, 'unauthorized', 'Invalid X-Hub-Signature-256');
    }
    // Not stored = not acknowledged: the error answer makes Meta deliver it again.
    await stored;
    if (!read.ok) {
      this.flaggedBodies.inc({ source: 'whatsapp', reason: read.flag });
      this.logger.error(
        { reason: read.flag, size_bytes: received.bytes.length },
        'WhatsApp webhook body unreadable: stored and flagged, not applied',
      );
      return { statuses: 0, inbound: 0 };
    }
    const body = read.value as { entry?: unknown } | null;
    let statuses = 0;
    let inbound = 0;
    for (const entry of (Array.isArray(body?.entry) ? body.entry : []) as ({ changes?: unknown } | null)[]) {
      for (const change of (Array.isArray(entry?.changes) ? entry.changes : []) as (WebhookChange | null)[]) {
        const value = change?.value ?? {};
        for (const status of (Array.isArray(value.statuses) ? value.statuses : []) as (WebhookStatus | null)[]) {
          if (await this.applyStatus(caller, status)) statuses++;
          else await this.retryStatusLater(status);
        }
        const phoneNumberId = String(value.metadata?.phone_number_id ?? '');
        for (const message of (Array.isArray(value.messages) ? value.messages : []) as (WebhookMessage | null)[]) {
          if (await this.receiveInbound(caller, phoneNumberId, message, value.contacts)) inbound++;
        }
      }
    }
    return { statuses, inbound };
  }

  private signatureValid(raw: Buffer, header: string): boolean {
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', this.config.whatsappAppSecret).update(raw).digest('hex')}`,
    );
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * A status can overtake our own record of the send (Meta answers the send, then posts `sent`
   * before we have written the row). It is retried from the queue for a while, not dropped.
   */
  private async retryStatusLater(status: WebhookStatus | null): Promise<void> {
    const id = typeof status?.id === 'string' ? status.id : null;
    if (!id || !isStatusValue(status?.status)) return;
    await enqueue(
      this.queues.get('notifications')!,
      'message.status',
      null,
      { status },
      {
        jobId: `status-${id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120)}-${status.status}`,
        attempts: 8,
        backoff: { type: 'exponential', delay: 500 },
      },
    ).catch((error: unknown) => this.logger.warn({ err: error }, 'could not queue a status for retry'));
  }

  /** The retry job: throws (so BullMQ tries again) while the message is still unknown. */
  async applyStatusOrThrow(caller: RequestContext, payload: unknown): Promise<string> {
    const status = payload as WebhookStatus | null;
    if (await this.applyStatus(caller, status)) return 'applied';
    const known =
      typeof status?.id === 'string'
        ? await this.repository.tenantForProviderMessage(this.db, 'whatsapp', status.id)
        : null;
    if (known) return 'duplicate';
    throw new Error(`status ${String(status?.status)} for unknown message ${String(status?.id)}`);
  }

  private async applyStatus(caller: RequestContext, status: WebhookStatus | null): Promise<boolean> {
    const providerId = typeof status?.id === 'string' ? status.id : null;
    const value = status?.status;
    if (!status || !providerId || !isStatusValue(value)) return false;
    const tenantId = await this.repository.tenantForProviderMessage(this.db, 'whatsapp', providerId);
    if (!tenantId) return false;
    const ctx = caller.withTenant({ tenantId });
    const errorCode = status.errors?.[0]?.code === undefined ? null : String(status.errors[0].code);
    const fallback = await this.tenantDb.run(ctx, async (trx) => {
      const message = await this.repository.messageByProviderId(trx, 'whatsapp', providerId);
      if (!message) return null;
      const fresh = await this.repository.recordStatus(trx, {
        tenant_id: tenantId,
        message_id: message.id,
        status: value,
        error_code: errorCode,
        occurred_at: new Date(Number(status.timestamp) * 1000 || Date.now()),
      });
      if (!fresh) return null;
      // Statuses arrive out of order and may skip steps: keep the furthest one; failed wins.
      if (STATUS_RANK[value] > STATUS_RANK[message.status]) {
        await this.repository.updateMessage(trx, message.id, {
          status: value,
          ...(value === 'failed'
            ? { error_code: errorCode, error_title: String(status.errors?.[0]?.title ?? '').slice(0, 300) || null }
            : {}),
        });
      }
      return value === 'failed' && message.direction === 'out' && !NO_SMS_FALLBACK.has(message.kind)
        ? message.id
        : null;
    });
    if (fallback) {
      await enqueue(
        this.queues.get('notifications')!,
        'message.sms-fallback',
        tenantId,
        { messageId: fallback },
        { jobId: `fallback-${fallback}` },
      ).catch((error: unknown) =>
        this.logger.warn({ err: error, message_id: fallback }, 'could not queue the SMS fallback'),
      );
    }
    return true;
  }

  private async receiveInbound(
    caller: RequestContext,
    phoneNumberId: string,
    message: WebhookMessage | null,
    contacts: unknown,
  ): Promise<boolean> {
    const tenantId = phoneNumberId ? await this.repository.tenantForPhoneNumberId(this.db, phoneNumberId) : null;
    const from = typeof message?.from === 'string' && isMsisdn(message.from) ? message.from : null;
    if (!message || !tenantId || !from || typeof message.id !== 'string') return false;
    const ctx = caller.withTenant({ tenantId });
    const messageId = message.id;
    const text: string =
      message.type === 'text'
        ? String(message.text?.body ?? '')
        : message.type === 'interactive'
          ? String(message.interactive?.button_reply?.title ?? message.interactive?.button_reply?.id ?? '')
          : `[${String(message.type ?? 'message')}]`;
    const name = Array.isArray(contacts)
      ? (contacts as (WebhookContact | null)[]).find((c) => c?.wa_id === from)?.profile?.name
      : undefined;
    const stored = await this.tenantDb.run(ctx, async (trx) => {
      const order = await this.repository.latestOrderOf(trx, from);
      const id = await this.repository.insertMessage(trx, {
        tenant_id: tenantId,
        direction: 'in',
        channel: 'whatsapp',
        kind: 'inbound',
        order_id: order?.id ?? null,
        phone: from,
        body: (name ? `${name}: ` : '') + text.slice(0, 4096),
        provider_message_id: messageId,
        status: 'received',
      });
      if (!id) return null;
      const word = text.trim();
      if (STOP_WORDS.test(word)) await this.repository.setOptOut(trx, tenantId, from, true);
      if (START_WORDS.test(word)) await this.repository.setOptOut(trx, tenantId, from, false);
      return { id, word, orderId: order?.id ?? null };
    });
    if (!stored) return false;
    if (STOP_WORDS.test(stored.word) || START_WORDS.test(stored.word)) {
      const store = await this.tenantDb.run(ctx, (trx) => this.repository.store(trx));
      const reply = STOP_WORDS.test(stored.word)
        ? `You will get no more messages from ${store.name}. Reply START to hear from us again.`
        : `Welcome back! ${store.name} will message you about your orders again.`;
      // Inside the window the shopper just opened: a free-text reply is allowed.
      const providerId = await this.whatsapp
        .send(phoneNumberId, from, { type: 'text', text: reply })
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not confirm the opt-out/in');
          return null;
        });
      if (providerId) {
        await this.tenantDb.run(ctx, (trx) =>
          this.repository.insertMessage(trx, {
            tenant_id: tenantId,
            direction: 'out',
            channel: 'whatsapp',
            kind: 'reply',
            order_id: stored.orderId,
            phone: from,
            body: reply,
            provider_message_id: providerId,
            status: 'accepted',
          }),
        );
      }
    }
    return true;
  }
}
