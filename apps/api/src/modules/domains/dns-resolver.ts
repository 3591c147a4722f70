import { Resolver } from 'node:dns/promises';

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'CAA';

/**
 * One DNS question's answer. `values` are the record data as text: an address, a CNAME target
 * without the trailing dot, a TXT record's strings joined, a CAA record as `<flags> <tag> "<value>"`.
 * `status`: ok (records), nxdomain (no such name), nodata (the name exists, no record of that
 * type), error (timeout, SERVFAIL, unreachable resolver: try again later).
 */
export interface DnsAnswer {
  status: 'ok' | 'nxdomain' | 'nodata' | 'error';
  values: string[];
  error?: string;
}

/** DNS lookups of the domain checks: the system's in production, the sandbox zone in development and tests. */
export interface DnsResolver {
  readonly kind: 'system' | 'sandbox';
  lookup(name: string, type: DnsRecordType): Promise<DnsAnswer>;
}

export const DNS_RESOLVER = Symbol('DNS_RESOLVER');

const stripDot = (v: string) => v.replace(/\.$/, '').toLowerCase();

/** node:dns with its own Resolver (fixed servers when DNS_SERVERS is set) and a timeout. */
export class SystemDnsResolver implements DnsResolver {
  readonly kind = 'system' as const;
  private readonly resolver: Resolver;

  constructor(servers: string[], timeoutMs: number) {
    this.resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
    if (servers.length) this.resolver.setServers(servers);
  }

  async lookup(name: string, type: DnsRecordType): Promise<DnsAnswer> {
    try {
      switch (type) {
        case 'A':
          return { status: 'ok', values: await this.resolver.resolve4(name) };
        case 'AAAA':
          return { status: 'ok', values: await this.resolver.resolve6(name) };
        case 'CNAME':
          return { status: 'ok', values: (await this.resolver.resolveCname(name)).map(stripDot) };
        case 'TXT':
          return { status: 'ok', values: (await this.resolver.resolveTxt(name)).map((chunks) => chunks.join('')) };
        case 'CAA':
          return {
            status: 'ok',
            values: (await this.resolver.resolveCaa(name)).map((r) => {
              const tag = r.issue !== undefined ? 'issue' : r.issuewild !== undefined ? 'issuewild' : 'iodef';
              return `${r.critical} ${tag} "${r.issue ?? r.issuewild ?? r.iodef ?? ''}"`;
            }),
          };
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND') return { status: 'nxdomain', values: [] };
      if (code === 'ENODATA') return { status: 'nodata', values: [] };
      return { status: 'error', values: [], error: code ?? String(error) };
    }
  }
}

const RR_TYPES: Record<number, DnsRecordType> = { 1: 'A', 5: 'CNAME', 16: 'TXT', 28: 'AAAA', 257: 'CAA' };

/**
 * The sandbox zone (apps/sandbox/src/dns/CONTRACT.md), asked in the JSON form of DNS over HTTPS
 * (`GET <url>?name=&type=`, answer `{ Status, Answer: [{ name, type, TTL, data }] }`, as Google's
 * and Cloudflare's resolvers answer), so the whole domain flow runs offline.
 */
export class SandboxDnsResolver implements DnsResolver {
  readonly kind = 'sandbox' as const;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async lookup(name: string, type: DnsRecordType): Promise<DnsAnswer> {
    try {
      const res = await fetch(`${this.url}?name=${encodeURIComponent(name)}&type=${type}`, {
        headers: { accept: 'application/dns-json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) return { status: 'error', values: [], error: `sandbox DNS answered ${res.status}` };
      const body = (await res.json()) as { Status?: number; Answer?: { type?: number; data?: string }[] };
      if (body.Status === 3) return { status: 'nxdomain', values: [] };
      if (body.Status !== 0) return { status: 'error', values: [], error: `rcode ${body.Status}` };
      const values = (body.Answer ?? [])
        .filter((a) => RR_TYPES[a.type ?? 0] === type && typeof a.data === 'string')
        .map((a) => {
          const data = a.data!;
          if (type === 'TXT') return data.replace(/^"|"$/g, '');
          if (type === 'CNAME') return stripDot(data);
          return data;
        });
      return values.length ? { status: 'ok', values } : { status: 'nodata', values: [] };
    } catch (error) {
      return {
        status: 'error',
        values: [],
        error: (error as Error).name === 'TimeoutError' ? 'timeout' : String(error),
      };
    }
  }
}
