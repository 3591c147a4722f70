import { randomBytes } from 'node:crypto';

/**
 * The partner's parcel lifecycle (CONTRACT.md): created (booked, waiting for the sender to drop
 * it at an agent) -> dropped_off -> in_transit -> at_agent (ready for collection) -> collected;
 * returned when the shopper never collects or the parcel cannot be delivered; cancelled before
 * drop-off. Moves go forward only and may skip steps (real partners skip scans too).
 */
export const PARCEL_STATUSES = [
  'created',
  'dropped_off',
  'in_transit',
  'at_agent',
  'collected',
  'returned',
  'cancelled',
] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

const PROGRESS: Record<ParcelStatus, number> = {
  created: 0,
  dropped_off: 1,
  in_transit: 2,
  at_agent: 3,
  collected: 4,
  returned: 4,
  cancelled: 4,
};
const TERMINAL: ReadonlySet<ParcelStatus> = new Set(['collected', 'returned', 'cancelled']);

export function canMove(from: ParcelStatus, to: ParcelStatus): boolean {
  if (TERMINAL.has(from)) return false;
  if (to === 'cancelled') return from === 'created';
  return PROGRESS[to] > PROGRESS[from];
}

export interface TrailEntry {
  eventId: string;
  status: ParcelStatus;
  at: string;
  note: string | null;
}

export interface Parcel {
  parcelId: string;
  reference: string;
  status: ParcelStatus;
  receiverAgentId: string;
  senderName: string;
  customer: { name: string; phone: string };
  packageValue: number;
  description: string | null;
  callbackUrl: string | null;
  createdAt: string;
  trail: TrailEntry[];
}

export type NewParcel = Omit<Parcel, 'parcelId' | 'status' | 'createdAt' | 'trail'>;

/** In-memory parcels, per API key (one partner business account per key). */
export class ParcelStore {
  private readonly parcels = new Map<string, { apiKey: string; parcel: Parcel }>();
  private readonly byReference = new Map<string, string>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Creates a parcel, or returns the one this account already booked under the same reference. */
  create(apiKey: string, input: NewParcel): { parcel: Parcel; replayed: boolean } {
    const existingId = this.byReference.get(referenceKey(apiKey, input.reference));
    if (existingId) return { parcel: this.parcels.get(existingId)!.parcel, replayed: true };
    const parcelId = `PCL-${randomBytes(5).toString('hex').toUpperCase()}`;
    const at = this.now().toISOString();
    const parcel: Parcel = {
      ...input,
      parcelId,
      status: 'created',
      createdAt: at,
      trail: [{ eventId: eventId(), status: 'created', at, note: null }],
    };
    this.parcels.set(parcelId, { apiKey, parcel });
    this.byReference.set(referenceKey(apiKey, input.reference), parcelId);
    return { parcel, replayed: false };
  }

  /** The parcel if it exists and belongs to this account (apiKey undefined = admin, any account). */
  get(parcelId: string, apiKey?: string): Parcel | undefined {
    const entry = this.parcels.get(parcelId);
    if (!entry || (apiKey !== undefined && entry.apiKey !== apiKey)) return undefined;
    return entry.parcel;
  }

  all(): Parcel[] {
    return [...this.parcels.values()].map((e) => e.parcel);
  }

  /** Moves the parcel; null when the move is not allowed from its current status. */
  move(parcel: Parcel, to: ParcelStatus, note: string | null): TrailEntry | null {
    if (!canMove(parcel.status, to)) return null;
    const entry: TrailEntry = { eventId: eventId(), status: to, at: this.now().toISOString(), note };
    parcel.status = to;
    parcel.trail.push(entry);
    return entry;
  }

  clear(): void {
    this.parcels.clear();
    this.byReference.clear();
  }
}

function referenceKey(apiKey: string, reference: string): string {
  return `${apiKey}\u0000${reference}`;
}

function eventId(): string {
  return `evt_${randomBytes(8).toString('hex')}`;
}
