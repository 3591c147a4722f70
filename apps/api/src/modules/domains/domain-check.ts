import { DOMAIN_TXT_LABEL, DOMAIN_TXT_PREFIX } from '@sokoni/contracts';
import type { DnsAnswer, DnsResolver } from './dns-resolver';

/** Where merchants point their DNS: a CNAME target for subdomains, IPv4 addresses for an apex. */
export interface DomainTarget {
  cname: string;
  ipv4: string[];
}

export interface CheckedDomain {
  host: string;
  kind: 'subdomain' | 'apex';
  token: string;
}

/**
 * ok: TXT and pointing right. waiting: a record is not there yet (DNS takes up to the old TTL).
 * failed: DNS answers, but wrongly (another token, pointing elsewhere, a stale AAAA, CAA forbids
 * Let's Encrypt). unreachable: the resolver did not answer (try again; nothing is concluded).
 */
export interface DomainCheckResult {
  verdict: 'ok' | 'waiting' | 'failed' | 'unreachable';
  code: string | null;
  message: string | null;
}

const ok: DomainCheckResult = { verdict: 'ok', code: null, message: null };
const result = (verdict: DomainCheckResult['verdict'], code: string, message: string): DomainCheckResult => ({
  verdict,
  code,
  message,
});

function unreachable(name: string, answer: DnsAnswer): DomainCheckResult {
  return result(
    'unreachable',
    'dns_unreachable',
    `DNS did not answer for ${name} (${answer.error ?? 'error'}); checking again soon.`,
  );
}

/**
 * The ownership and pointing check (docs/operate/custom-domains.md): TXT `_sokoni-verify.<host>`
 * = `sokoni-verify=<token>`; a subdomain CNAMEs to the platform target (or, flattened, has its A
 * records); an apex has A records at the platform's addresses only; no AAAA record we do not
 * serve (Let's Encrypt would validate over IPv6 and fail); CAA, if any, allows letsencrypt.org.
 * "Points at us" alone never verifies: the token proves control of the zone.
 */
export async function checkDomain(
  dns: DnsResolver,
  domain: CheckedDomain,
  target: DomainTarget,
): Promise<DomainCheckResult> {
  const txtName = `${DOMAIN_TXT_LABEL}.${domain.host}`;
  const expected = `${DOMAIN_TXT_PREFIX}${domain.token}`;
  const txt = await dns.lookup(txtName, 'TXT');
  if (txt.status === 'error') return unreachable(txtName, txt);
  if (!txt.values.some((v) => v.trim() === expected)) {
    const other = txt.values.find((v) => v.trim().startsWith(DOMAIN_TXT_PREFIX));
    if (other)
      return result(
        'failed',
        'txt_mismatch',
        `The TXT record ${txtName} holds another token ("${other.trim().slice(0, 80)}"). Replace it with "${expected}".`,
      );
    return result('waiting', 'txt_missing', `No TXT record ${txtName} with "${expected}" yet.`);
  }

  const pointing =
    domain.kind === 'subdomain'
      ? await checkSubdomain(dns, domain.host, target)
      : await checkApex(dns, domain.host, target);
  if (pointing.verdict !== 'ok') return pointing;

  const aaaa = await dns.lookup(domain.host, 'AAAA');
  if (aaaa.status === 'error') return unreachable(domain.host, aaaa);
  if (aaaa.status === 'ok' && aaaa.values.length)
    return result(
      'failed',
      'stale_aaaa',
      `${domain.host} has an AAAA record (${aaaa.values.slice(0, 3).join(', ')}) that does not point at Sokoni: delete it, or the HTTPS certificate cannot be issued.`,
    );

  return checkCaa(dns, domain.host);
}

async function checkSubdomain(dns: DnsResolver, host: string, target: DomainTarget): Promise<DomainCheckResult> {
  const cname = await dns.lookup(host, 'CNAME');
  if (cname.status === 'error') return unreachable(host, cname);
  if (cname.status === 'ok') {
    if (cname.values.includes(target.cname)) return ok;
    return result(
      'failed',
      'points_elsewhere',
      `${host} is a CNAME to ${cname.values.join(', ')}, not ${target.cname}. Change the CNAME record to ${target.cname}.`,
    );
  }
  // A provider that flattens CNAMEs answers with our addresses instead.
  const a = await dns.lookup(host, 'A');
  if (a.status === 'error') return unreachable(host, a);
  if (a.status === 'ok') {
    if (a.values.every((ip) => target.ipv4.includes(ip))) return ok;
    return result(
      'failed',
      'points_elsewhere',
      `${host} points at ${a.values.join(', ')}, not Sokoni. Replace that record with a CNAME to ${target.cname}.`,
    );
  }
  return result('waiting', 'cname_missing', `No CNAME record ${host} -> ${target.cname} yet.`);
}

async function checkApex(dns: DnsResolver, host: string, target: DomainTarget): Promise<DomainCheckResult> {
  const a = await dns.lookup(host, 'A');
  if (a.status === 'error') return unreachable(host, a);
  if (a.status !== 'ok') {
    const cname = await dns.lookup(host, 'CNAME');
    if (cname.status === 'ok' && cname.values.includes(target.cname)) return ok;
    return result('waiting', 'a_missing', `No A record ${host} -> ${target.ipv4.join(', ')} yet.`);
  }
  const foreign = a.values.filter((ip) => !target.ipv4.includes(ip));
  if (foreign.length)
    return result(
      'failed',
      'points_elsewhere',
      `${host} has A records at ${foreign.join(', ')}, which are not Sokoni's. Keep only ${target.ipv4.join(', ')}.`,
    );
  return ok;
}

/** The CAA set closest to the host (walking up to the last two labels) must allow Let's Encrypt. */
async function checkCaa(dns: DnsResolver, host: string): Promise<DomainCheckResult> {
  const labels = host.split('.');
  for (let i = 0; i <= labels.length - 2; i++) {
    const name = labels.slice(i).join('.');
    const caa = await dns.lookup(name, 'CAA');
    if (caa.status === 'error') return unreachable(name, caa);
    if (caa.status !== 'ok' || !caa.values.length) continue;
    const issuers = caa.values
      .map((v) => /\bissue\s+"([^";]*)/.exec(v)?.[1]?.trim().toLowerCase())
      .filter((v): v is string => v !== undefined);
    if (issuers.length && !issuers.includes('letsencrypt.org'))
      return result(
        'failed',
        'caa_forbids',
        `The CAA records of ${name} allow only ${issuers.join(', ')}: add CAA 0 issue "letsencrypt.org" so the HTTPS certificate can be issued.`,
      );
    return ok;
  }
  return ok;
}
