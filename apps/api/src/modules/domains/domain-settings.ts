import type { AppConfig } from '../../config/config';
import { type DnsResolver, SandboxDnsResolver, SystemDnsResolver } from './dns-resolver';
import type { DomainTarget } from './domain-check';

/** The platform's own domain: the host part of STOREFRONT_URL_TEMPLATE after `{slug}.`. */
export function platformDomainOf(config: AppConfig): string {
  const host = new URL(config.STOREFRONT_URL_TEMPLATE.replace('{slug}', 'x')).hostname.toLowerCase();
  return host.replace(/^x\./, '');
}

/** The scheme canonical storefront URLs use (http in development, https in production). */
export function storefrontScheme(config: AppConfig): string {
  return new URL(config.STOREFRONT_URL_TEMPLATE.replace('{slug}', 'x')).protocol.replace(':', '');
}

export function domainTarget(config: AppConfig): DomainTarget {
  return {
    cname: (config.DOMAINS_CNAME_TARGET ?? `stores.${platformDomainOf(config)}`).toLowerCase().replace(/\.$/, ''),
    ipv4: config.DOMAINS_APEX_IPV4.split(',')
      .map((ip) => ip.trim())
      .filter(Boolean),
  };
}

export function createDnsResolver(config: AppConfig): DnsResolver {
  const kind = config.DNS_RESOLVER ?? (config.NODE_ENV === 'production' ? 'system' : 'sandbox');
  if (kind === 'sandbox') return new SandboxDnsResolver(config.DNS_SANDBOX_URL, config.DNS_TIMEOUT_MS);
  const servers = (config.DNS_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return new SystemDnsResolver(servers, config.DNS_TIMEOUT_MS);
}

export function tlsProbeEnabled(config: AppConfig): boolean {
  return (config.DOMAINS_TLS_PROBE ?? (config.NODE_ENV === 'production' ? 'tls' : 'off')) === 'tls';
}

/** Second-level suffixes under which the third label is the registered domain (an apex). */
const TWO_LEVEL_SUFFIXES = new Set([
  'co.ke',
  'or.ke',
  'ac.ke',
  'go.ke',
  'ne.ke',
  'sc.ke',
  'me.ke',
  'mobi.ke',
  'info.ke',
  'co.tz',
  'or.tz',
  'co.ug',
  'or.ug',
  'co.rw',
  'co.za',
  'org.za',
  'co.uk',
  'org.uk',
  'com.au',
  'com.ng',
]);

/** An apex (registered domain: example.com, mwangi.co.ke) takes A records; anything below it a CNAME. */
export function domainKind(host: string): 'apex' | 'subdomain' {
  const labels = host.split('.');
  if (labels.length === 2) return 'apex';
  if (labels.length === 3 && TWO_LEVEL_SUFFIXES.has(labels.slice(1).join('.'))) return 'apex';
  return 'subdomain';
}
