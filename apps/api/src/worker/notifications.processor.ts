import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MessagingService } from '../modules/messaging/messaging.service';
import type { JobEnvelope } from '../queues/queues';
import type { JobProcessor } from './job-processor';

/**
 * order.<kind>: send what an order owes its shopper (once; see order-notifications.ts).
 * message.sms-fallback: a WhatsApp message failed after acceptance: the same words by SMS.
 * message.reply: an owner's free-text reply to a shopper (POST /v1/owner/orders/:n/messages).
 * cart.nudge: one reminder for a stalled cart, if the store wants them.
 * message.status: a WhatsApp status that arrived before its message was recorded, retried.
 * notifications.relay: every 30 s, sends notifications whose job was lost.
 */
@Injectable()
export class NotificationsProcessor implements JobProcessor {
  readonly queue = 'notifications' as const;
  readonly schedules = [{ id: 'notifications-relay', everyMs: 30_000, jobName: 'notifications.relay' }];

  constructor(private readonly messaging: MessagingService) {}

  async process(job: Job<JobEnvelope>): Promise<unknown> {
    const tenantId = job.data.tenantId;
    if (job.name === 'notifications.relay') return { relayed: await this.messaging.relayDue() };
    if (job.name === 'message.status') return { outcome: await this.messaging.applyStatusOrThrow((job.data.data as { status: unknown }).status) };
    if (!tenantId) throw new Error(`${job.name} without a tenant`);
    if (job.name.startsWith('order.')) {
      const { orderId, kind } = job.data.data as { orderId: string; kind: string };
      return { outcome: await this.messaging.deliverNotification(tenantId, orderId, kind) };
    }
    if (job.name === 'message.sms-fallback') return { outcome: await this.messaging.smsFallback(tenantId, (job.data.data as { messageId: string }).messageId) };
    if (job.name === 'message.reply') {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return { outcome: await this.messaging.deliverReply(tenantId, (job.data.data as { messageId: string }).messageId, lastAttempt) };
    }
    if (job.name === 'cart.nudge') return { outcome: await this.messaging.nudgeCart(tenantId, (job.data.data as { cartId: string }).cartId) };
    throw new Error(`notifications: no handler for job "${job.name}"`);
  }
}
