import type { DeliveryStatus, PickupAgent } from '@sokoni/contracts';

/** An agent point where a shopper collects a parcel (the public shape, GET .../delivery/agents). */
export type Agent = PickupAgent;

/** What we tell the partner about one parcel (one dispatch attempt of one order). */
export interface ParcelRequest {
  /** Our idempotency key at the partner: booking twice with it returns the first parcel. */
  reference: string;
  orderNumber: number;
  senderName: string;
  customerName: string;
  /** 2547XXXXXXXX / 2541XXXXXXXX. */
  customerPhone: string;
  valueKes: number;
  /** Where the partner POSTs status changes for this parcel. */
  callbackUrl: string;
}

/** A point in a parcel's trail, already in our vocabulary. */
export interface ParcelUpdate {
  parcelId: string;
  status: DeliveryStatus;
  occurredAt: Date;
  note: string | null;
  /** The partner's event id when it has one (kept in the event's data for support). */
  eventId: string | null;
  /** The partner's own status word, kept for support. */
  partnerStatus: string;
}

export interface ParcelState {
  parcelId: string;
  status: DeliveryStatus;
  /** Oldest first. */
  trail: ParcelUpdate[];
}

/**
 * A delivery partner as the delivery module sees it. Implementations translate one partner's
 * HTTP API (auth, paths, status words, errors) into this; nothing partner-specific leaks past it.
 * Failures: PartnerUnavailableError (network, timeout, 5xx: try again or dispatch by rider) and
 * PartnerRejectedError (the partner refused this request: show its reason).
 */
export interface DeliveryPartner {
  /** Stored on deliveries.partner; lowercase words joined by hyphens. */
  readonly name: string;
  listAgents(areaSlug?: string): Promise<Agent[]>;
  /** Books a parcel; the same reference again returns the first booking (its status may have moved on). */
  createParcel(parcel: ParcelRequest, agentId: string): Promise<{ parcelId: string; status: DeliveryStatus }>;
  parcelStatus(parcelId: string): Promise<ParcelState>;
  /** Only possible before the parcel is handed in; PartnerRejectedError afterwards. */
  cancelParcel(parcelId: string): Promise<void>;
  /** A webhook body -> the update it reports; null when the body is not a status change we know. */
  parseWebhook(body: unknown): ParcelUpdate | null;
}

/** Nest injection token for the configured DeliveryPartner. */
export const DELIVERY_PARTNER = Symbol('DELIVERY_PARTNER');

export class PartnerUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PartnerUnavailableError';
  }
}

export class PartnerRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PartnerRejectedError';
  }
}
