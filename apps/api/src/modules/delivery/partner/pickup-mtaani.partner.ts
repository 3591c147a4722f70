import type { DeliveryStatus } from '@sokoni/contracts';
import { z } from 'zod';
import {
  PartnerRejectedError,
  PartnerUnavailableError,
  type Agent,
  type DeliveryPartner,
  type ParcelRequest,
  type ParcelState,
  type ParcelUpdate,
} from './delivery-partner';

/** The partner's status words -> ours. "collected" is the shopper picking the parcel up. */
const STATUS_MAP: Record<string, DeliveryStatus> = {
  created: 'assigned',
  dropped_off: 'picked_up',
  in_transit: 'in_transit',
  at_agent: 'at_agent',
  collected: 'delivered',
  returned: 'failed',
  cancelled: 'cancelled',
};

const agentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  area: z.string(),
  areaName: z.string(),
  landmark: z.string(),
  openingHours: z.string(),
});
const trailSchema = z.object({ status: z.string(), at: z.string(), note: z.string().nullable().optional() });
const parcelSchema = z.object({ parcelId: z.string().min(1), status: z.string(), trail: z.array(trailSchema) });
const okSchema = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });
const errorSchema = z.object({ code: z.string().optional(), message: z.string().optional() });
const webhookSchema = z.object({
  event: z.literal('parcel.status_changed'),
  eventId: z.string().min(1).max(120).optional(),
  parcelId: z.string().min(1).max(120),
  status: z.string(),
  occurredAt: z.string().datetime({ offset: true }),
  note: z.string().max(300).nullable().optional(),
});

export interface PickupMtaaniOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/**
 * HTTP adapter for the agent-point contract in apps/sandbox/src/delivery-partner/CONTRACT.md,
 * which mirrors what is publicly known of Pickup Mtaani's (unofficial) API: `apiKey` header,
 * agents by area, agent-to-agent parcels, a status trail. Verify against the real API before
 * pointing DELIVERY_PARTNER_BASE_URL at it; differences stay inside this file.
 */
export class PickupMtaaniPartner implements DeliveryPartner {
  readonly name = 'pickup-mtaani';

  constructor(private readonly options: PickupMtaaniOptions) {}

  async listAgents(areaSlug?: string): Promise<Agent[]> {
    const query = areaSlug ? `?area=${encodeURIComponent(areaSlug)}` : '';
    const agents = await this.call('GET', `/v1/agents${query}`, okSchema(z.array(agentSchema)));
    return agents.map((a) => ({
      id: a.id,
      name: a.name,
      areaSlug: a.area,
      areaName: a.areaName,
      landmark: a.landmark,
      openingHours: a.openingHours,
    }));
  }

  async createParcel(parcel: ParcelRequest, agentId: string): Promise<{ parcelId: string; status: DeliveryStatus }> {
    const created = await this.call('POST', '/v1/parcels', okSchema(parcelSchema), {
      reference: parcel.reference,
      receiverAgentId: agentId,
      senderName: parcel.senderName,
      customer: { name: parcel.customerName, phone: parcel.customerPhone },
      packageValue: parcel.valueKes,
      description: `Order #${parcel.orderNumber}`,
      callbackUrl: parcel.callbackUrl,
    });
    const status = STATUS_MAP[created.status];
    if (!status)
      throw new PartnerUnavailableError(`delivery partner reported an unknown parcel status "${created.status}"`);
    return { parcelId: created.parcelId, status };
  }

  async parcelStatus(parcelId: string): Promise<ParcelState> {
    const parcel = await this.call('GET', `/v1/parcels/${encodeURIComponent(parcelId)}`, okSchema(parcelSchema));
    const trail = parcel.trail.flatMap((t): ParcelUpdate[] => {
      const status = STATUS_MAP[t.status];
      const at = new Date(t.at);
      return status && !Number.isNaN(at.getTime())
        ? [{ parcelId, status, occurredAt: at, note: t.note ?? null, eventId: null, partnerStatus: t.status }]
        : [];
    });
    const status = STATUS_MAP[parcel.status];
    if (!status)
      throw new PartnerUnavailableError(`delivery partner reported an unknown parcel status "${parcel.status}"`);
    return { parcelId, status, trail };
  }

  async cancelParcel(parcelId: string): Promise<void> {
    await this.call('POST', `/v1/parcels/${encodeURIComponent(parcelId)}/cancel`, okSchema(parcelSchema), {});
  }

  parseWebhook(body: unknown): ParcelUpdate | null {
    const parsed = webhookSchema.safeParse(body);
    if (!parsed.success) return null;
    const status = STATUS_MAP[parsed.data.status];
    if (!status) return null;
    return {
      parcelId: parsed.data.parcelId,
      status,
      occurredAt: new Date(parsed.data.occurredAt),
      note: parsed.data.note ?? null,
      eventId: parsed.data.eventId ?? null,
      partnerStatus: parsed.data.status,
    };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<{ success: true; data: T }>,
    body?: unknown,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          apiKey: this.options.apiKey,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new PartnerUnavailableError(`delivery partner unreachable: ${(error as Error).message}`, error);
    }
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.status >= 500 || response.status === 429 || response.status === 401 || response.status === 403) {
      // Our key refused or the partner in trouble: nothing the merchant can fix in the request.
      throw new PartnerUnavailableError(`delivery partner answered HTTP ${response.status} to ${method} ${path}`);
    }
    if (!response.ok) {
      const error = errorSchema.safeParse(json);
      throw new PartnerRejectedError(
        response.status,
        error.success ? (error.data.code ?? 'REJECTED') : 'REJECTED',
        (error.success ? error.data.message : undefined) ?? `HTTP ${response.status}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new PartnerUnavailableError(`delivery partner sent an unexpected ${method} ${path} answer`);
    return parsed.data.data;
  }
}
