import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ApiError } from '../../platform/api-error';

/**
 * Where a webhook may be sent: a public address only, so a merchant (or someone with a stolen
 * owner session) cannot make Sokoni call into its own network (SSRF: the metadata service, the
 * database, Redis). Checked when the endpoint is saved and again before every delivery (the name
 * may resolve elsewhere by then); redirects are not followed. Hosts in the allow list (a sandbox
 * receiver in development and tests) may be private and may use http.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type Resolve = (host: string) => Promise<string[]>;
const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export class WebhookTargetGuard {
  private readonly allowed: Set<string>;

  constructor(
    allowPrivateHosts: string[],
    private readonly resolve: Resolve = systemResolve,
  ) {
    this.allowed = new Set(allowPrivateHosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
  }

  /** Why the URL may not receive webhooks, in words, or null when it may. */
  async problem(raw: string): Promise<string | null> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'not a web address';
    }
    if (url.username || url.password) return 'an address with a user name or password in it is not accepted';
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const allowed = this.allowed.has(host);
    if (url.protocol !== 'https:' && !(allowed && url.protocol === 'http:'))
      return 'use https:// (events carry order details)';
    if (allowed) return null;
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local'))
      return `${host} is a local name, not reachable from the internet`;
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else
      try {
        addresses = await this.resolve(host);
      } catch {
        return `${host} could not be found in DNS`;
      }
    const inside = addresses.find(isPrivateAddress);
    if (inside) return `${host} points at a private address (${inside}); webhooks go to public addresses only`;
    return null;
  }

  /** 400 naming the url field when the address may not receive webhooks. */
  async assertAllowed(raw: string): Promise<void> {
    const problem = await this.problem(raw);
    if (problem)
      throw new ApiError(400, 'validation_failed', `This webhook address is refused: ${problem}`, {
        where: 'body',
        field: 'url',
        issues: [{ path: 'url', message: problem, code: 'webhook_target' }],
      });
  }
}
