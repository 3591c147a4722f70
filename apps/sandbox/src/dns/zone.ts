/** Record types the sandbox zone serves, with their DNS type numbers (RFC 1035, 3596, 8659). */
export const RR_TYPES = { A: 1, CNAME: 5, TXT: 16, AAAA: 28, CAA: 257 } as const;
export type RrType = keyof typeof RR_TYPES;

export interface ZoneRecord {
  name: string;
  type: RrType;
  values: string[];
  ttl: number;
}

/**
 * The demo store's verified domain (seed: nyumba-living, shop.nyumba-living.test), present after
 * start and after every reset, so `npm start` shows a verified custom domain offline. The token
 * matches packages/db/src/seed (DEMO_DOMAIN_TOKEN).
 */
export const DEMO_RECORDS: ZoneRecord[] = [
  { name: 'shop.nyumba-living.test', type: 'CNAME', values: ['stores.localhost'], ttl: 300 },
  {
    name: '_sokoni-verify.shop.nyumba-living.test',
    type: 'TXT',
    values: ['sokoni-verify=demonyumbaliving0000000000000001'],
    ttl: 300,
  },
];

const norm = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** An in-memory zone: names -> records by type. A name with no records of any type is NXDOMAIN. */
export class SandboxZone {
  private readonly records = new Map<string, Map<RrType, ZoneRecord>>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.records.clear();
    for (const r of DEMO_RECORDS) this.set({ ...r, values: [...r.values] });
  }

  set(record: ZoneRecord): ZoneRecord {
    const name = norm(record.name);
    const byType = this.records.get(name) ?? new Map<RrType, ZoneRecord>();
    const saved = { ...record, name };
    byType.set(record.type, saved);
    this.records.set(name, byType);
    return saved;
  }

  /** Deletes one type of a name, or every record of the name. */
  delete(name: string, type?: RrType): number {
    const byType = this.records.get(norm(name));
    if (!byType) return 0;
    if (!type) {
      this.records.delete(norm(name));
      return byType.size;
    }
    const had = byType.delete(type) ? 1 : 0;
    if (byType.size === 0) this.records.delete(norm(name));
    return had;
  }

  /** NXDOMAIN (no such name), or the records of the type (possibly none: NODATA). */
  lookup(name: string, type: RrType): ZoneRecord | null | 'nxdomain' {
    const byType = this.records.get(norm(name));
    if (!byType) return 'nxdomain';
    return byType.get(type) ?? null;
  }

  all(): ZoneRecord[] {
    return [...this.records.values()].flatMap((m) => [...m.values()]);
  }
}
