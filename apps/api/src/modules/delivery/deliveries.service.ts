import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DISPATCHABLE_ORDER_STATUSES, type Delivery, type DeliveryStatus, type DeliveryStatusUpdate, type DispatchOrder, type Order, type OrderDeliveries } from '@sokoni/contracts';
import type { Database, Kysely, TenantTransaction } from '@sokoni/db';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { Metrics } from '../../platform/metrics';
import { flaggedBodiesCounter, readJsonBody, type ReceivedBody } from '../../platform/raw-body';
import { requestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, DB, LOGGER } from '../../platform/tokens';
import { canTransition } from '../orders/order-status';
import { OrdersService, type Actor, type OrderRow } from '../orders/orders.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { DeliveriesRepository, type DeliveryEventSource, type DeliveryRow } from './deliveries.repository';
import { DeliveryAgentsService } from './delivery-agents.service';
import { allowedFrom, canAdvance } from './delivery-status';
import { partnerFailure } from './partner-failure';
import { DELIVERY_PARTNER, type DeliveryPartner, type ParcelUpdate } from './partner/delivery-partner';

/** Orders in these statuses may be dispatched (a paid order is packed on the way out). */
const DISPATCHABLE = [...DISPATCHABLE_ORDER_STATUSES];
export const WEBHOOK_SECRET_HEADER = 'x-webhook-secret';

type Principal = { tenantId: string; userId: string };
export type UpdateOutcome = 'applied' | 'duplicate' | 'late';

/** A parcel status change is well under 1 KB; past this a webhook is stored whole but flagged `too_large`. */
const MAX_PARTNER_WEBHOOK_BYTES = 64 * 1024;

/**
 * Deliveries: the record of how a dispatched order travels and what happened to it. Dispatch,
 * staff updates and partner updates (webhook or poll) all change a delivery and, where it
 * follows, the order (through OrdersService, in the same transaction).
 */
@Injectable()
export class DeliveriesService {
  private readonly flaggedBodies: ReturnType<typeof flaggedBodiesCounter>;

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly orders: OrdersService,
    private readonly tenancy: TenancyService,
    private readonly agents: DeliveryAgentsService,
    private readonly tenantDb: TenantDb,
    @Inject(DELIVERY_PARTNER) private readonly partner: DeliveryPartner,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DB) private readonly db: Kysely<Database>,
    metrics: Metrics,
  ) {
    this.flaggedBodies = flaggedBodiesCounter(metrics);
  }

  /**
   * Hands an order to a rider or a partner agent point: the delivery record and the order's move
   * to dispatched commit together. A paid order is moved to packed first (two timeline entries):
   * small shops pack and hand over in one go, and making them press "packed" first only adds a
   * step. An order whose last delivery failed or was cancelled may be dispatched again.
   */
  async dispatch(principal: Principal, orderNumber: number, input: DispatchOrder): Promise<{ order: Order; delivery: Delivery }> {
    const actor: Actor = { type: 'user', id: principal.userId };
    if (input.method === 'manual_rider') {
      return this.tenantDb.run(principal.tenantId, async (trx) => {
        const order = await this.orders.lockWithin(trx, { number: orderNumber });
        await this.assertDispatchable(trx, order);
        const deliveryId = await this.insertDelivery(trx, {
          tenant_id: principal.tenantId, order_id: order.id, method: 'manual_rider', rider_name: input.riderName, rider_phone: input.riderPhone,
          note: input.note ?? null, created_by: principal.userId,
        }, principal.userId, input.note ?? null, {});
        const updated = await this.orderDispatched(trx, principal.tenantId, order, actor, { deliveryId, method: input.method, riderName: input.riderName });
        return { order: updated, delivery: await this.view(trx, deliveryId, order.number) };
      });
    }

    // Partner parcel: checked first, booked at the partner outside any transaction (a slow
    // partner must not hold the order's row lock), then recorded. The booking reference is
    // derived from the order and attempt, so a double click books one parcel, not two.
    const store = await this.tenancy.storeOf(principal.tenantId);
    const { order, attempt } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const found = await this.orders.findWithin(trx, orderNumber);
      await this.assertDispatchable(trx, found);
      return { order: found, attempt: (await this.repository.countForOrder(trx, found.id)) + 1 };
    });
    const agent = await this.agents.find(input.agentId);
    if (!agent) {
      throw new ApiError(400, 'validation_failed', `There is no agent point "${input.agentId}": pick one from GET /v1/stores/${store.slug}/delivery/agents`, { where: 'body', field: 'agentId' });
    }
    const book = (reference: string) => this.partner.createParcel({
      reference,
      orderNumber: order.number,
      senderName: store.name,
      customerName: order.customer_name,
      customerPhone: order.phone,
      valueKes: order.total_kes,
      callbackUrl: `${this.config.publicApiUrl}/v1/webhooks/delivery-partner/${store.slug}`,
    }, agent.id).catch((error: unknown) => { throw partnerFailure(error); });
    let reference = `${order.id}-${attempt}`;
    let booked = await book(reference);
    if (booked.status !== 'assigned') {
      // This reference's parcel was booked before but never recorded, and has since been
      // cancelled (see releaseUnrecordedParcel): book a new one.
      reference = `${order.id}-${attempt}-${randomBytes(3).toString('hex')}`;
      booked = await book(reference);
    }
    const parcelId = booked.parcelId;
    try {
      return await this.tenantDb.run(principal.tenantId, async (trx) => {
        const locked = await this.orders.lockWithin(trx, { id: order.id });
        await this.assertDispatchable(trx, locked);
        const deliveryId = await this.insertDelivery(trx, {
          tenant_id: principal.tenantId, order_id: order.id, method: 'partner_pickup', partner: this.partner.name,
          partner_reference: reference, partner_parcel_id: parcelId, agent_id: agent.id, agent_name: agent.name,
          agent_landmark: agent.landmark, note: input.note ?? null, created_by: principal.userId,
        }, principal.userId, input.note ?? null, { parcelId, agentId: agent.id });
        const updated = await this.orderDispatched(trx, principal.tenantId, locked, actor, { deliveryId, method: input.method, parcelId, agentId: agent.id, agentName: agent.name });
        return { order: updated, delivery: await this.view(trx, deliveryId, order.number) };
      });
    } catch (error) {
      await this.releaseUnrecordedParcel(principal.tenantId, parcelId);
      throw error;
    }
  }

  /**
   * Staff record what happened by hand. A rider's delivery moves any way the lifecycle allows; a
   * partner parcel moves by the partner's updates, so staff may only confirm it was collected or
   * cancel it (which the partner allows only before drop-off).
   */
  async updateByStaff(principal: Principal, orderNumber: number, update: DeliveryStatusUpdate): Promise<{ order: Order; delivery: Delivery }> {
    const current = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      const live = (await this.repository.forOrder(trx, order.id)).find((d) => !['failed', 'cancelled'].includes(d.status));
      return { order, live };
    });
    const live = current.live;
    if (!live) throw new ApiError(409, 'conflict', `Order #${orderNumber} has no delivery in progress: dispatch it first`, { reason: 'not_dispatched' });
    if (live.method === 'partner_pickup' && !['delivered', 'cancelled'].includes(update.status)) {
      throw new ApiError(409, 'conflict', 'A partner parcel moves by the partner\'s updates: you can only confirm it was collected or cancel it', { reason: 'partner_managed', allowed: ['delivered', 'cancelled'] });
    }
    if (live.method === 'partner_pickup' && update.status === 'cancelled' && live.status === 'assigned') {
      await this.partner.cancelParcel(live.partner_parcel_id!).catch((error: unknown) => { throw partnerFailure(error); });
    }
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const order = await this.orders.lockWithin(trx, { id: current.order.id });
      const delivery = (await this.repository.lockLiveForOrder(trx, order.id));
      if (!delivery || delivery.id !== live.id) {
        throw new ApiError(409, 'conflict', 'This delivery changed while you were updating it: reload and try again', { reason: 'delivery_changed' });
      }
      if (!canAdvance(delivery.method, delivery.status, update.status)) {
        throw new ApiError(409, 'conflict', `A delivery that is ${words(delivery.status)} cannot become ${words(update.status)}`, {
          reason: 'delivery_transition', from: delivery.status, to: update.status, allowed: allowedFrom(delivery.method, delivery.status),
        });
      }
      await this.apply(trx, principal.tenantId, delivery, { status: update.status, occurredAt: new Date(), note: update.note ?? null, data: {} }, 'staff', principal.userId);
      return { order: await this.orders.getWithin(trx, order.id), delivery: await this.view(trx, delivery.id, order.number) };
    });
  }

  /** The order's live (or latest) delivery with its trail, and earlier attempts. */
  async forOrder(tenantId: string, orderNumber: number): Promise<OrderDeliveries> {
    return this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      const rows = await this.repository.forOrder(trx, order.id);
      const views = await this.views(trx, rows, order.number);
      return { delivery: views[0] ?? null, previous: views.slice(1) };
    });
  }

  /** Asks the partner for the parcel's trail and records whatever we had not heard (missed webhooks). */
  async refreshFromPartner(tenantId: string, orderNumber: number): Promise<OrderDeliveries> {
    const latest = await this.tenantDb.run(tenantId, async (trx) => {
      const order = await this.orders.findWithin(trx, orderNumber);
      return (await this.repository.forOrder(trx, order.id)).find((d) => d.method === 'partner_pickup');
    });
    if (!latest?.partner_parcel_id) throw new ApiError(409, 'conflict', `Order #${orderNumber} was not sent through the delivery partner`, { reason: 'not_partner_delivery' });
    const state = await this.partner.parcelStatus(latest.partner_parcel_id).catch((error: unknown) => { throw partnerFailure(error); });
    for (const update of state.trail) await this.applyPartnerUpdate(tenantId, update, 'partner_poll');
    return this.forOrder(tenantId, orderNumber);
  }

  /**
   * A partner webhook: the bytes are stored first (platform table webhook_deliveries, insert
   * only), then the shared secret is checked (constant-time), then the body read, then the
   * store. A body that cannot be read at all is kept, flagged and answered 200: the partner
   * retries non-2xx answers, and the same bytes would fail the same way (the poll fallback
   * recovers the status). Safe to deliver any number of times: each status is recorded once
   * per delivery.
   */
  async receiveWebhook(tenantSlug: string, providedSecret: string | undefined, received: ReceivedBody): Promise<{ received: true; outcome: UpdateOutcome | 'unreadable_body' }> {
    const authenticated = this.webhookSecretMatches(providedSecret);
    const read = readJsonBody(received.bytes, { maxBytes: MAX_PARTNER_WEBHOOK_BYTES });
    const stored = this.repository.recordWebhookDelivery(this.db, {
      pathHint: tenantSlug, received, authenticated, flagReason: read.ok ? null : read.flag, correlationId: requestContext.correlationId() ?? null,
    });
    if (!authenticated) {
      await stored.catch((error: unknown) => this.logger.error({ err: error }, 'could not store a refused delivery partner webhook'));
      throw new ApiError(401, 'unauthorized', 'Webhook not accepted: missing or wrong secret', { reason: 'bad_webhook_secret' });
    }
    // Not stored = not acknowledged: the error answer makes the partner retry.
    await stored;
    if (!read.ok) {
      this.flaggedBodies.inc({ source: 'delivery_partner', reason: read.flag });
      this.logger.error({ store: tenantSlug, reason: read.flag, size_bytes: received.bytes.length }, 'delivery partner webhook body unreadable: stored and flagged, not applied');
      return { received: true, outcome: 'unreadable_body' };
    }
    const update = this.partner.parseWebhook(read.value);
    if (!update) throw new ApiError(400, 'validation_failed', 'Not a parcel status change this API understands', { where: 'body' });
    const tenant = await this.tenancy.resolve(tenantSlug);
    const outcome = await this.applyPartnerUpdate(tenant.tenantId, update, 'partner_webhook');
    this.logger.info({ parcel_id: update.parcelId, status: update.status, partner_status: update.partnerStatus, outcome }, 'delivery partner webhook');
    return { received: true, outcome };
  }

  /**
   * One partner status for one parcel. Locks the order before the delivery, as every other path
   * does, so a webhook and a staff update at the same moment cannot deadlock.
   */
  async applyPartnerUpdate(tenantId: string, update: ParcelUpdate, source: 'partner_webhook' | 'partner_poll'): Promise<UpdateOutcome> {
    return this.tenantDb.run(tenantId, async (trx) => {
      const found = await this.repository.lockByParcel(trx, this.partner.name, update.parcelId, false);
      if (!found) throw ApiError.notFound('not_found', `No delivery for parcel ${update.parcelId} in this store`, { parcelId: update.parcelId });
      await this.orders.lockWithin(trx, { id: found.order_id });
      const delivery = (await this.repository.lockByParcel(trx, this.partner.name, update.parcelId, true))!;
      return this.apply(trx, tenantId, delivery, {
        status: update.status, occurredAt: update.occurredAt, note: update.note,
        data: { partnerStatus: update.partnerStatus, ...(update.eventId ? { eventId: update.eventId } : {}) },
      }, source, null);
    });
  }

  // --- internals ------------------------------------------------------------------------------

  /**
   * Records one status in the trail and, when it moves the delivery forward, the delivery's
   * status; delivered also delivers the order. A status the trail already has is a duplicate
   * (nothing written); one that arrives after a later one (webhooks out of order) is kept in the
   * trail but does not move the delivery back.
   */
  private async apply(
    trx: TenantTransaction, tenantId: string, delivery: DeliveryRow,
    change: { status: DeliveryStatus; occurredAt: Date; note: string | null; data: Record<string, unknown> },
    source: DeliveryEventSource, actorId: string | null,
  ): Promise<UpdateOutcome> {
    const appended = await this.repository.appendEvent(trx, {
      tenant_id: tenantId, delivery_id: delivery.id, status: change.status, source, actor_id: actorId, note: change.note,
      data: change.data, occurred_at: change.occurredAt,
    });
    if (!appended) return 'duplicate';
    if (!canAdvance(delivery.method, delivery.status, change.status)) return 'late';
    await this.repository.setStatus(trx, delivery.id, change.status, change.occurredAt);
    if (change.status === 'delivered') {
      const order = await this.orders.lockWithin(trx, { id: delivery.order_id });
      if (canTransition(order.status, 'delivered')) {
        const actor: Actor = source === 'staff' ? { type: 'user', id: actorId } : { type: 'system', id: this.partner.name };
        await this.orders.transitionWithin(trx, tenantId, order.id, 'delivered', actor, { deliveryId: delivery.id, source });
      } else {
        this.logger.warn({ order_id: order.id, order_status: order.status, delivery_id: delivery.id }, 'delivery completed but the order cannot become delivered');
      }
    }
    return 'applied';
  }

  /** 409 unless the order may be dispatched now (paid/packed, or dispatched with no live delivery). */
  private async assertDispatchable(trx: TenantTransaction, order: OrderRow): Promise<void> {
    const live = await this.repository.lockLiveForOrder(trx, order.id);
    if (live) {
      throw new ApiError(409, 'conflict', `Order #${order.number} is already on its way (${live.method === 'manual_rider' ? `rider ${live.rider_name}` : `parcel ${live.partner_parcel_id}`})`, {
        reason: 'already_dispatched', deliveryStatus: live.status,
      });
    }
    if (order.status === 'dispatched') return;
    if (!(DISPATCHABLE as readonly string[]).includes(order.status)) {
      throw new ApiError(409, 'conflict', `An order that is ${words(order.status)} cannot be dispatched: only paid or packed orders can`, {
        reason: 'not_dispatchable', status: order.status, allowed: DISPATCHABLE,
      });
    }
  }

  private async insertDelivery(
    trx: TenantTransaction, row: Parameters<DeliveriesRepository['insert']>[1], actorId: string, note: string | null, data: Record<string, unknown>,
  ): Promise<string> {
    let id: string;
    try {
      id = await this.repository.insert(trx, row);
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'deliveries_one_live_per_order') {
        throw new ApiError(409, 'conflict', 'This order was just dispatched by someone else', { reason: 'already_dispatched' });
      }
      throw error;
    }
    await this.repository.appendEvent(trx, { tenant_id: row.tenant_id, delivery_id: id, status: 'assigned', source: 'staff', actor_id: actorId, note, data });
    return id;
  }

  /** paid -> packed -> dispatched, or packed -> dispatched; a re-dispatch leaves the order as it is. */
  private async orderDispatched(trx: TenantTransaction, tenantId: string, order: OrderRow, actor: Actor, data: Record<string, unknown>): Promise<Order> {
    if (order.status === 'dispatched') return this.orders.getWithin(trx, order.id);
    if (order.status === 'paid') await this.orders.transitionWithin(trx, tenantId, order.id, 'packed', actor, { packedOnDispatch: true });
    return this.orders.transitionWithin(trx, tenantId, order.id, 'dispatched', actor, data);
  }

  /**
   * The parcel was booked but recording it failed (someone else dispatched first, the order
   * changed). Unless a delivery holds this very parcel (the same reference returns the same
   * parcel, so a double click's winner may), cancel it at the partner so nobody drops it off.
   */
  private async releaseUnrecordedParcel(tenantId: string, parcelId: string): Promise<void> {
    try {
      const held = await this.tenantDb.run(tenantId, (trx) => this.repository.lockByParcel(trx, this.partner.name, parcelId, false));
      if (held) return;
      await this.partner.cancelParcel(parcelId);
      this.logger.warn({ parcel_id: parcelId }, 'cancelled a partner parcel that could not be recorded');
    } catch (error) {
      this.logger.error({ err: error, parcel_id: parcelId }, 'partner parcel booked but not recorded, and could not be cancelled: cancel it with the partner by hand');
    }
  }

  private webhookSecretMatches(provided: string | undefined): boolean {
    const expected = this.config.DELIVERY_PARTNER_WEBHOOK_SECRET;
    if (!expected) {
      this.logger.warn('delivery partner webhook refused: DELIVERY_PARTNER_WEBHOOK_SECRET is not set');
      return false;
    }
    if (!provided) return false;
    // Digests first: timingSafeEqual needs equal lengths, and comparing digests leaks no length.
    const digest = (value: string) => createHash('sha256').update(value).digest();
    return timingSafeEqual(digest(provided), digest(expected));
  }

  private async view(trx: TenantTransaction, deliveryId: string, orderNumber: number): Promise<Delivery> {
    const row = (await this.repository.byId(trx, deliveryId))!;
    return (await this.views(trx, [row], orderNumber))[0]!;
  }

  private async views(trx: TenantTransaction, rows: DeliveryRow[], orderNumber: number): Promise<Delivery[]> {
    const events = await this.repository.events(trx, rows.map((r) => r.id));
    return rows.map((row) => ({
      id: row.id,
      orderNumber,
      method: row.method,
      status: row.status,
      rider: row.method === 'manual_rider' ? { name: row.rider_name!, phone: row.rider_phone! } : null,
      partner: row.method === 'partner_pickup'
        ? { name: row.partner!, parcelId: row.partner_parcel_id!, agent: { id: row.agent_id!, name: row.agent_name, landmark: row.agent_landmark } }
        : null,
      note: row.note,
      deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      events: events.filter((e) => e.delivery_id === row.id).map((e) => ({
        status: e.status, source: e.source, note: e.note,
        occurredAt: new Date(e.occurred_at).toISOString(), recordedAt: new Date(e.recorded_at).toISOString(),
      })),
    }));
  }
}

function words(status: string): string {
  return status.replace(/_/g, ' ');
}
