import type { RequestContext } from '../platform/request-context';
import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { StoredEvent } from '../modules/analytics/event-collector.service';
import type { JobEnvelope, QueueName } from './queues';

/**
 * Every job the worker runs: its name, the queue it goes to, and the zod schema of its payload
 * (the `data` of its JobEnvelope). `enqueue` checks a payload against it before the job is added,
 * and processors read payloads through `jobPayload`, so a job name or payload shape lives here
 * once instead of as strings and casts at each call site.
 */
const uuid = z.string().uuid();
const nairobiDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Jobs the worker's schedulers start: no payload. */
const scheduled = z.object({}).strict();

/**
 * Messages an order owes its shopper (order_notifications.kind): one job per order and kind,
 * named `order.<kind>`.
 */
export const ORDER_NOTIFICATION_KINDS = [
  'order_placed',
  'order_paid',
  'order_dispatched',
  'order_delivered',
  'order_refunded',
  'order_partly_refunded',
  'payment_receipt',
  'order_cancelled',
  'order_return_accepted',
  'order_return_refused',
] as const;
export type OrderNotificationKind = (typeof ORDER_NOTIFICATION_KINDS)[number];
const orderNotification = z.object({ orderId: uuid, kind: z.enum(ORDER_NOTIFICATION_KINDS) });

/**
 * BullMQ priority (1 = first) of a job that must not go ahead of settlement on its queue. BullMQ
 * takes unprioritised jobs before prioritised ones, so the jobs that make an order "paid"
 * (payment.callback, payment.query) carry none and everything else on the payments queue (eTIMS,
 * receipt lookups, expiries, sweeps) carries this: under a burst the callbacks go first.
 */
export const AFTER_SETTLEMENT = 10;

function job<Q extends QueueName, S extends z.ZodType>(queue: Q, payload: S, priority?: number) {
  return { queue, payload, ...(priority ? { priority } : {}) };
}

export const JOBS = {
  // analytics
  'events.ingest': job(
    'analytics',
    z.object({ events: z.array(z.custom<StoredEvent>((v) => typeof v === 'object' && v !== null)).min(1) }),
  ),
  'events.ensure-partitions': job('analytics', scheduled),
  'events.retention': job('analytics', scheduled),
  'analytics.aggregate-hourly': job('analytics', scheduled),
  'analytics.nightly': job('analytics', scheduled),
  'analytics.aggregate-days': job('analytics', z.object({ from: nairobiDay, to: nairobiDay })),
  // maintenance
  heartbeat: job('maintenance', scheduled),
  // notifications
  ...(Object.fromEntries(
    ORDER_NOTIFICATION_KINDS.map((kind) => [`order.${kind}`, job('notifications', orderNotification)]),
  ) as Record<`order.${OrderNotificationKind}`, ReturnType<typeof job<'notifications', typeof orderNotification>>>),
  'notifications.relay': job('notifications', scheduled),
  'message.status': job('notifications', z.object({ status: z.unknown() })),
  'message.sms-fallback': job('notifications', z.object({ messageId: uuid })),
  'message.reply': job('notifications', z.object({ messageId: uuid })),
  'cart.nudge': job('notifications', z.object({ cartId: z.string().min(1).max(64) })),
  // back in stock: owed requests (marked by the restock's transaction) and stale claims, every store
  'back-in-stock.relay': job('notifications', scheduled),
  // payments (orders and payments share the queue)
  'order.expire-reservation': job('payments', z.object({ orderId: uuid }), AFTER_SETTLEMENT),
  'order.sweep-reservations': job('payments', scheduled, AFTER_SETTLEMENT),
  'payment.callback': job('payments', z.object({ callbackId: z.string().regex(/^\d+$/) })),
  'payment.query': job('payments', z.object({ paymentId: uuid, attempt: z.number().int().min(1) })),
  'payment.sweep': job('payments', scheduled, AFTER_SETTLEMENT),
  'payment.receipt': job('payments', z.object({ paymentId: uuid, attempt: z.number().int().min(1) }), AFTER_SETTLEMENT),
  'payment.verify': job('payments', z.object({ paymentId: uuid, attempt: z.number().int().min(1) }), AFTER_SETTLEMENT),
  'payment.reconcile-daily': job('payments', scheduled, AFTER_SETTLEMENT),
  // eTIMS: the order's sale / credit notes, then every open document of the store (attempt counts KRA outages).
  'etims.send': job(
    'payments',
    z.object({ orderId: uuid.optional(), attempt: z.number().int().min(0).max(100).optional() }),
    AFTER_SETTLEMENT,
  ),
  // custom domains (maintenance queue)
  'domains.check-due': job('maintenance', scheduled),
  // product cards whose sale started or ended by the clock (maintenance queue; migration 0049)
  'catalog.price-windows': job('maintenance', scheduled),
  // outbound webhooks (maintenance queue)
  'webhooks.deliver-due': job('maintenance', scheduled),
  // owner alerts (maintenance queue): fan out new events, send what is due (docs/owner-alerts.md)
  'alerts.sweep': job('maintenance', scheduled),
  // orders retention (maintenance queue): monthly, finished orders past ORDERS_RETENTION_MONTHS to archive objects
  'orders.archive': job('maintenance', scheduled),
  // exports (maintenance queue): one background CSV export (docs/exports.md)
  'exports.run': job('maintenance', z.object({ exportId: uuid })),
  // seo
  'sitemap.generate': job('seo', z.object({}).strict()),
  'storefront.revalidate': job('seo', z.object({ tags: z.array(z.string().min(1)).min(1) })),
  // the web's page cache: one store's main pages rendered fresh (after a purge), every store (schedule)
  'storefront.warm': job('seo', z.object({}).strict()),
  'storefront.warm-all': job('seo', scheduled),
} as const;

export type JobName = keyof typeof JOBS;

/** The jobs that settle a payment (an order becomes "paid" in them): follow-up work yields to them. */
export const SETTLEMENT_JOBS: ReadonlySet<string> = new Set<JobName>(['payment.callback', 'payment.query']);

/** The registry's priority of a job (undefined: none, taken first). */
export function jobPriority(name: JobName): number | undefined {
  const definition: { priority?: number } = JOBS[name];
  return definition.priority;
}
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;

export function isOrderNotificationJob(name: string): name is `order.${OrderNotificationKind}` {
  return (
    name.startsWith('order.') && (ORDER_NOTIFICATION_KINDS as readonly string[]).includes(name.slice('order.'.length))
  );
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** A job's payload checked against its schema; a malformed one fails for good (retrying cannot fix it). */
export function jobPayload<N extends JobName>(name: N, job: Job<JobEnvelope>): JobPayload<N> {
  const parsed = JOBS[name].payload.safeParse(job.data?.data);
  if (!parsed.success)
    throw new UnrecoverableError(
      `${name}: malformed payload (${parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')})`,
    );
  return parsed.data as JobPayload<N>;
}

/** The job's tenant; jobs of one store only are refused without one. */
export function jobTenant(job: Job<JobEnvelope>): string {
  if (!job.data?.tenantId) throw new UnrecoverableError(`${job.name} without a tenant`);
  return job.data.tenantId;
}

/**
 * The context of a job that works for one tenant (RequestContext.forJob carries the envelope's
 * tenant); a job whose envelope names none fails at once, without retries.
 */
export function jobTenantContext(ctx: RequestContext, job: Job<JobEnvelope>): RequestContext {
  const tenantId = jobTenant(job);
  return ctx.tenant?.tenantId === tenantId ? ctx : ctx.withTenant({ tenantId });
}
