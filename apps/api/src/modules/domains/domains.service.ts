import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DOMAIN_TXT_LABEL, DOMAIN_TXT_PREFIX, type OwnerDomain, type OwnerDomainsResponse } from '@sokoni/contracts';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { DomainChecker } from './domain-checker.service';
import { domainKind, domainTarget, platformDomainOf } from './domain-settings';
import { DomainRoutingService } from './domain-routing.service';
import { DomainsRepository, type DOMAIN_COLUMNS } from './domains.repository';

type DomainRow = { [K in (typeof DOMAIN_COLUMNS)[number]]: unknown } & {
  id: string;
  host: string;
  kind: 'subdomain' | 'apex';
  status: 'pending' | 'failed' | 'verified' | 'removed';
  is_primary: boolean;
  verification_token: string | null;
  check_code: string | null;
  check_message: string | null;
  last_checked_at: Date | null;
  failing_since: Date | null;
  verified_at: Date | null;
  certificate_at: Date | null;
  created_at: Date;
};

/** A store attaches at most this many hosts (apex + www + a few brands). */
const MAX_DOMAINS_PER_STORE = 10;
/** A removed host stays reserved for its store this long (someone else's claim waits). */
const REMOVED_RESERVATION_MS = 30 * 24 * 3600_000;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The owner's custom domains: attach, see the DNS records to create, check now, make primary, remove. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly repository: DomainsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly tenancy: TenancyService,
    private readonly routing: DomainRoutingService,
    private readonly checker: DomainChecker,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ctx: RequestContext): Promise<OwnerDomainsResponse> {
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.list(trx, ctx.tenantId));
    const store = await this.tenancy.storeOf(ctx);
    const target = domainTarget(this.config);
    return {
      domains: rows.map((r) => this.view(r as DomainRow)),
      target,
      platformHost: `${store.slug}.${platformDomainOf(this.config)}`,
    };
  }

  async add(ctx: RequestContext, host: string): Promise<OwnerDomain> {
    const platform = platformDomainOf(this.config);
    if (host === platform || host.endsWith(`.${platform}`))
      throw hostProblem(
        `${host} is Sokoni's own domain: your store already lives at <store>.${platform}. Add a domain you own.`,
      );
    const token = randomBytes(24)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .padEnd(32, '0')
      .slice(0, 32);
    try {
      const row = await this.tenantDb.run(ctx, async (trx) => {
        const existing = await this.repository.findByHost(trx, ctx.tenantId, host);
        if (existing && existing.status !== 'removed')
          throw new ApiError(409, 'conflict', `${host} is already attached to this store`, {
            field: 'host',
            reason: 'already_added',
          });
        if (!existing) {
          const count = (await this.repository.list(trx, ctx.tenantId)).length;
          if (count >= MAX_DOMAINS_PER_STORE)
            throw new ApiError(409, 'conflict', `A store can attach at most ${MAX_DOMAINS_PER_STORE} domains`, {
              field: 'host',
              reason: 'too_many_domains',
            });
        }
        const saved = existing
          ? await this.repository.revive(trx, ctx.tenantId, existing.id, token)
          : await this.repository.insert(trx, {
              tenant_id: ctx.tenantId,
              host,
              kind: domainKind(host),
              verification_token: token,
            });
        await this.audit.record(trx, ctx, {
          action: 'domain.added',
          entity: { type: 'tenant_domain', id: saved.id },
          after: { host, kind: saved.kind },
        });
        return saved;
      });
      return this.view(row);
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'tenant_domains_host')
        throw new ApiError(409, 'conflict', `${host} is attached to another store`, {
          field: 'host',
          reason: 'domain_taken',
        });
      throw error;
    }
  }

  /** Checks DNS now (the owner's "Check now"); the job does the same on a schedule. */
  async check(ctx: RequestContext, id: string): Promise<OwnerDomain> {
    await this.requireLive(ctx, id);
    const row = await this.checker.check(ctx, id);
    if (!row) throw notFound(id);
    return this.view(row);
  }

  async makePrimary(ctx: RequestContext, id: string): Promise<OwnerDomain> {
    const { row, previous } = await this.tenantDb.run(ctx, async (trx) => {
      const found = await this.repository.find(trx, ctx.tenantId, id, { lock: true });
      if (!found || found.status === 'removed') throw notFound(id);
      if (found.status !== 'verified')
        throw new ApiError(
          409,
          'conflict',
          `${found.host} is not verified yet: it can be primary once its DNS checks out`,
          {
            field: 'id',
            reason: 'not_verified',
          },
        );
      const before = await this.repository.primaryHost(trx, ctx.tenantId);
      await this.repository.makePrimary(trx, ctx.tenantId, id);
      await this.audit.record(trx, ctx, {
        action: 'domain.primary_set',
        entity: { type: 'tenant_domain', id },
        before: { primary: before },
        after: { primary: found.host },
      });
      return { row: { ...found, is_primary: true }, previous: before };
    });
    await this.routing.invalidate(
      ctx,
      [row.host, ...(previous ? [previous] : [])],
      (await this.tenancy.storeOf(ctx)).slug,
    );
    return this.view(row);
  }

  /** Detaches a host: it stops serving at once (caches dropped), and stays reserved for this store 30 days. */
  async remove(ctx: RequestContext, id: string): Promise<{ id: string; host: string }> {
    const removed = await this.tenantDb.run(ctx, async (trx) => {
      const found = await this.repository.find(trx, ctx.tenantId, id, { lock: true });
      if (!found || found.status === 'removed') throw notFound(id);
      await this.repository.remove(trx, ctx.tenantId, id, new Date(Date.now() + REMOVED_RESERVATION_MS));
      if (found.is_primary) await this.repository.promoteNextPrimary(trx, ctx.tenantId);
      await this.audit.record(trx, ctx, {
        action: 'domain.removed',
        entity: { type: 'tenant_domain', id },
        before: { host: found.host, status: found.status, primary: found.is_primary },
      });
      return found;
    });
    await this.routing.invalidate(ctx, [removed.host], (await this.tenancy.storeOf(ctx)).slug);
    return { id: removed.id, host: removed.host };
  }

  private async requireLive(ctx: RequestContext, id: string) {
    const found = await this.tenantDb.run(ctx, (trx) => this.repository.find(trx, ctx.tenantId, id));
    if (!found || found.status === 'removed') throw notFound(id);
  }

  view(row: DomainRow): OwnerDomain {
    const target = domainTarget(this.config);
    const token = row.verification_token;
    const records: OwnerDomain['records'] = [
      ...(row.kind === 'subdomain'
        ? [{ type: 'CNAME' as const, name: row.host, value: target.cname, purpose: 'Points your domain at Sokoni' }]
        : target.ipv4.map((ip) => ({
            type: 'A' as const,
            name: row.host,
            value: ip,
            purpose: 'Points your domain at Sokoni',
          }))),
      ...(token
        ? [
            {
              type: 'TXT' as const,
              name: `${DOMAIN_TXT_LABEL}.${row.host}`,
              value: `${DOMAIN_TXT_PREFIX}${token}`,
              purpose: 'Proves the domain is yours',
            },
          ]
        : []),
    ];
    const state: OwnerDomain['state'] =
      row.status === 'verified'
        ? row.certificate_at
          ? 'certificate_ready'
          : 'verified'
        : row.status === 'failed'
          ? 'failed'
          : 'waiting_for_dns';
    const problem = row.check_code && row.check_message ? { code: row.check_code, message: row.check_message } : null;
    const stateText = {
      waiting_for_dns: `Waiting for DNS: ${problem?.message ?? 'create the records below.'} DNS changes can take up to a few hours; we check every few minutes.`,
      failed: `Failed: ${problem?.message ?? 'the DNS records are not right.'}`,
      verified: `Verified: the store answers at ${row.host}. The HTTPS certificate is issued on the first secure visit.${row.failing_since && problem ? ` Warning: ${problem.message}` : ''}`,
      certificate_ready: `Certificate ready: https://${row.host} is live.${row.failing_since && problem ? ` Warning: ${problem.message}` : ''}`,
    }[state];
    return {
      id: row.id,
      host: row.host,
      kind: row.kind,
      state,
      stateText,
      primary: row.is_primary,
      records,
      problem,
      lastCheckedAt: iso(row.last_checked_at),
      verifiedAt: iso(row.verified_at),
      certificateAt: iso(row.certificate_at),
      createdAt: iso(row.created_at)!,
    };
  }
}

function hostProblem(message: string): ApiError {
  return new ApiError(400, 'validation_failed', 'Invalid request body', {
    where: 'body',
    issues: [{ path: 'host', message, code: 'custom' }],
  });
}

function notFound(id: string): ApiError {
  return ApiError.notFound('not_found', 'No such domain on this store', { id });
}
