import { Inject, Injectable } from '@nestjs/common';
import type { AlertChannel, AlertKind } from '@sokoni/contracts';
import type { Logger } from 'pino';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { AlertChannels, type ChannelOutcome } from './alert-channels.service';
import { AlertMetrics } from './alert-metrics';
import {
  bypassesQuiet,
  effectivePreferences,
  kindsFor,
  MAX_ATTEMPTS,
  quietUntil,
  retryDelayMs,
  type AlertFacts,
} from './alert-rules';
import { AlertsRepository, type DeliveryKey } from './alerts.repository';

type Person = Awaited<ReturnType<AlertsRepository['people']>>[number];

/**
 * The alerts sweep (worker, every ALERTS_SWEEP_MS): events written by the database triggers are
 * fanned out to one delivery per person and channel (the primary key makes it once), then every
 * due delivery is claimed, sent outside any transaction, and its outcome written back. A worker
 * killed mid-send leaves a claim that is taken again after two minutes: at least once, and at most
 * twice only for that crash window. docs/owner-alerts.md.
 */
@Injectable()
export class AlertDispatchService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly channels: AlertChannels,
    private readonly tenantDb: TenantDb,
    private readonly metrics: AlertMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Crosses tenants on purpose: finds the stores with work (app_alerts_due), then handles each in its own tenant. */
  async acrossTenantsSweep(
    ctx: RequestContext,
    now: () => Date = () => new Date(),
  ): Promise<{ stores: number; sent: number }> {
    const stores = await this.repository.due(100);
    let sent = 0;
    for (const tenantId of stores) {
      try {
        sent += await this.sweepStore(ctx.withTenant({ tenantId }), now);
      } catch (error) {
        this.logger.warn({ err: error, tenant_id: tenantId }, 'alerts sweep failed for a store; next sweep retries');
      }
    }
    return { stores: stores.length, sent };
  }

  async sweepStore(ctx: RequestContext, now: () => Date): Promise<number> {
    await this.fanOut(ctx);
    const due = await this.tenantDb.run(ctx, (trx) => this.repository.dueDeliveries(trx, ctx.tenantId, 100));
    let sent = 0;
    for (const key of due) if ((await this.deliver(ctx, key, now)) === 'sent') sent++;
    return sent;
  }

  /** New events -> deliveries for every person whose role handles the kind and who has the channel on. */
  async fanOut(ctx: RequestContext): Promise<number> {
    return this.tenantDb.run(ctx, async (trx) => {
      const events = await this.repository.pendingEvents(trx, ctx.tenantId, 200);
      if (!events.length) return 0;
      const people = await this.repository.people(trx, ctx.tenantId);
      const saved = await this.repository.preferences(trx, ctx.tenantId);
      const rows: { event_id: string; user_id: string; channel: AlertChannel }[] = [];
      for (const person of people) {
        const kinds = kindsFor(person.role);
        const prefs = effectivePreferences(
          kinds,
          saved.filter((p) => p.user_id === person.id),
        );
        for (const event of events)
          for (const p of prefs)
            if (p.enabled && p.kind === event.kind && reachable(person, p.channel, p.kind))
              rows.push({ event_id: event.id, user_id: person.id, channel: p.channel });
      }
      await this.repository.fanOut(
        trx,
        ctx.tenantId,
        events.map((e) => e.id),
        rows,
      );
      return rows.length;
    });
  }

  /** One delivery: claim (or hold for quiet hours, or drop when it no longer matters), send, record. */
  async deliver(
    ctx: RequestContext,
    key: DeliveryKey,
    now: () => Date,
  ): Promise<ChannelOutcome['status'] | 'held' | 'taken'> {
    const claim = await this.tenantDb.run(ctx, async (trx) => {
      const row = await this.repository.lockSendable(trx, ctx.tenantId, key);
      if (!row) return null;
      const [person] = await this.repository.people(trx, ctx.tenantId, key.userId);
      const kind = row.kind;
      const facts = row.facts as AlertFacts;
      if (!person || !kindsFor(person.role).includes(kind)) {
        await this.repository.setDelivery(trx, ctx.tenantId, key, { status: 'skipped', detail: 'not_for_role' });
        return { go: false as const, status: 'skipped' as const };
      }
      const quiet =
        person.quiet_start_min === null || person.quiet_end_min === null
          ? null
          : { startMin: person.quiet_start_min, endMin: person.quiet_end_min };
      const until = bypassesQuiet(kind, person.urgent_in_quiet ?? false) ? null : quietUntil(now(), quiet);
      if (until) {
        await this.repository.setDelivery(trx, ctx.tenantId, key, { status: 'due', due_at: until, held: true });
        return { go: false as const, status: 'held' as const };
      }
      const stale = await this.noLongerMatters(trx, ctx.tenantId, kind, facts);
      if (stale) {
        await this.repository.setDelivery(trx, ctx.tenantId, key, { status: 'skipped', detail: stale });
        return { go: false as const, status: 'skipped' as const };
      }
      await this.repository.setDelivery(trx, ctx.tenantId, key, { status: 'sending', claim: true });
      return { go: true as const, kind, facts, person, attempts: row.attempts + 1 };
    });
    if (!claim) return 'taken';
    if (!claim.go) {
      this.metrics.sends.inc({ kind: 'any', channel: key.channel, outcome: claim.status });
      return claim.status;
    }
    const outcome = await this.channels.send(
      ctx,
      { userId: key.userId, phone: claim.person.phone ?? claim.person.account_phone, email: claim.person.email },
      key.channel,
      { kind: claim.kind, facts: claim.facts, eventId: key.eventId },
    );
    const giveUp = outcome.status === 'retry' && claim.attempts >= MAX_ATTEMPTS;
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.setDelivery(
        trx,
        ctx.tenantId,
        key,
        outcome.status === 'retry' && !giveUp
          ? { status: 'due', detail: outcome.detail, due_at: new Date(Date.now() + retryDelayMs(claim.attempts)) }
          : { status: outcome.status === 'retry' ? 'failed' : outcome.status, detail: outcome.detail },
      ),
    );
    if (outcome.status !== 'sent')
      this.logger.info({ channel: key.channel, kind: claim.kind, outcome }, 'owner alert not sent');
    this.metrics.sends.inc({ kind: claim.kind, channel: key.channel, outcome: giveUp ? 'failed' : outcome.status });
    return outcome.status;
  }

  /**
   * Held or late alerts that would now be wrong: low stock already restocked, a paid order that
   * someone has packed, dispatched or cancelled since. Payment problems and eTIMS rejections
   * still need someone, so they are never dropped.
   */
  private async noLongerMatters(
    trx: Parameters<Parameters<TenantDb['run']>[1]>[0],
    tenantId: string,
    kind: AlertKind,
    facts: AlertFacts & { variantId?: string },
  ): Promise<string | null> {
    if (kind === 'low_stock' && facts.variantId && !(await this.repository.stillLow(trx, tenantId, facts.variantId)))
      return 'restocked';
    if (kind === 'order_paid' && facts.orderId) {
      const status = await this.repository.orderStatus(trx, tenantId, facts.orderId);
      if (status && status !== 'paid') return `order_${status}`;
    }
    return null;
  }
}

/** Whether the person can be reached on the channel at all (no phone: no SMS). Push is checked at send time. */
function reachable(person: Person, channel: AlertChannel, kind: AlertKind): boolean {
  if (channel === 'whatsapp' || channel === 'sms') return Boolean(person.phone ?? person.account_phone);
  // The paid-order email is the messaging module's store-wide owner email (unchanged).
  if (channel === 'email') return Boolean(person.email) && kind !== 'order_paid';
  return true;
}
