import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Custom domains (issue 14): GET/POST /v1/owner/settings/domains, POST .../:id/check,
// POST .../:id/primary, DELETE .../:id; GET /v1/domains/lookup (the web's proxy);
// GET /internal/tls/ask (Caddy on-demand TLS). docs/operate/custom-domains.md.

/** The label the ownership TXT record lives on: `_sokoni-verify.<host>`. */
export const DOMAIN_TXT_LABEL = '_sokoni-verify';
/** Prefix of the TXT value: `sokoni-verify=<token>`. */
export const DOMAIN_TXT_PREFIX = 'sokoni-verify=';

/**
 * A host name an owner may attach: lowercased, trailing dot dropped, 2+ labels of letters, digits
 * and inner hyphens (punycode for IDNs), a top-level label that is not all digits (no IP
 * literals), no wildcard, no port, at most 253 characters.
 */
export const domainHostSchema = z
  .string({ error: 'Type a domain, e.g. shop.example.co.ke' })
  .trim()
  .toLowerCase()
  .transform((v) =>
    v
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '')
      .replace(/\.$/, ''),
  )
  .pipe(
    z
      .string()
      .min(1, 'Type a domain, e.g. shop.example.co.ke')
      .max(253, 'A domain has at most 253 characters')
      .refine((v) => !v.includes('*'), 'Wildcards cannot be attached; add each host')
      .refine((v) => !/:\d*$/.test(v), 'Leave out the port')
      .refine(
        (v) =>
          /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(v) &&
          !/^\d+$/.test(v.split('.').pop() ?? ''),
        'Not a domain name: use letters, digits, hyphens and dots, e.g. shop.example.co.ke',
      ),
  );

export const addDomainSchema = z.object({ host: domainHostSchema });
export type AddDomain = z.infer<typeof addDomainSchema>;

/**
 * What the owner sees: `state` in words for the page, the DNS records to create, and why the
 * last check failed. waiting_for_dns: records not seen yet; failed: DNS answers wrongly (see
 * problem); verified: served at the host; certificate_ready: verified and the HTTPS certificate
 * was seen valid.
 */
export const domainStates = ['waiting_for_dns', 'failed', 'verified', 'certificate_ready'] as const;
export type DomainState = (typeof domainStates)[number];

export const dnsRecordSchema = z.object({
  type: z.enum(['CNAME', 'A', 'TXT']),
  /** Full name of the record, e.g. shop.example.co.ke or _sokoni-verify.shop.example.co.ke. */
  name: z.string(),
  value: z.string(),
  purpose: z.string(),
});
export type DnsRecord = z.infer<typeof dnsRecordSchema>;

export const ownerDomainSchema = z.object({
  id: z.string(),
  host: z.string(),
  kind: z.enum(['subdomain', 'apex']),
  state: z.enum(domainStates),
  /** One sentence for the owner: what is happening or what to fix. */
  stateText: z.string(),
  primary: z.boolean(),
  records: z.array(dnsRecordSchema),
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
  lastCheckedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  certificateAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OwnerDomain = z.infer<typeof ownerDomainSchema>;

export const ownerDomainsResponseSchema = z.object({
  domains: z.array(ownerDomainSchema),
  /** The platform's targets, to show before any domain exists. */
  target: z.object({ cname: z.string(), ipv4: z.array(z.string()) }),
  /** The store's own address on the platform (redirects to the primary domain once there is one). */
  platformHost: z.string(),
});
export type OwnerDomainsResponse = z.infer<typeof ownerDomainsResponseSchema>;

export const ownerDomainResponseSchema = z.object({ domain: ownerDomainSchema });
export const ownerDomainRemovedSchema = z.object({ removed: z.object({ id: z.string(), host: z.string() }) });

/** GET /v1/domains/lookup?host= or ?store=: the store a host serves, and its canonical host. */
export const domainLookupSchema = z.object({
  store: z.string(),
  /** The primary verified custom host, or null: the platform subdomain is canonical. */
  primaryHost: z.string().nullable(),
  /** The asked host is a custom domain of the store (null when asked by store slug). */
  host: z.string().nullable(),
});
export type DomainLookup = z.infer<typeof domainLookupSchema>;
