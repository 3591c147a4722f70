import { BlockList, isIP } from 'node:net';

/**
 * TRUSTED_PROXIES: which peers may tell us the client's address in X-Forwarded-For (the web
 * server, nginx), as IPs or CIDR ranges, IPv4 and IPv6. Everyone else's header is ignored.
 */

/** Loopback: the web server calls the API on the same machine. */
export const LOOPBACK_PROXIES = '127.0.0.0/8,::1/128';

export function trustedProxyEntries(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Why an entry is not an IP address or CIDR range, or null when it is one. */
export function invalidProxyEntry(entry: string): string | null {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (family === 0 || extra !== undefined)
    return `"${entry}" is not an IP address or CIDR range (like 10.0.0.0/8 or fd00::/8)`;
  if (!(length >= 0 && length <= bits)) return `"${entry}" has a prefix length outside 0-${bits}`;
  return null;
}

/**
 * Fastify's `trustProxy` in its function form (proxy-addr calls it with each address from the
 * socket's peer leftwards through X-Forwarded-For, and its hop index). Only hop 0, the socket's
 * peer, can be trusted, and only if it is listed: the client is then the last X-Forwarded-For
 * entry, the one the trusted proxy appended itself. Anything further left was written by
 * whoever talked to that proxy (a client can send any chain), so it is never believed.
 */
export function trustOneProxyHop(entries: readonly string[]): (address: string, hop: number) => boolean {
  const blocks = new BlockList();
  for (const entry of entries) {
    const problem = invalidProxyEntry(entry);
    if (problem) throw new Error(`TRUSTED_PROXIES: ${problem}`);
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    blocks.addSubnet(address, prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix), type);
  }
  return (address, hop) => {
    if (hop !== 0) return false;
    const family = isIP(address);
    // BlockList matches an IPv4-mapped IPv6 peer (::ffff:127.0.0.1) against IPv4 ranges too.
    return family !== 0 && blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
