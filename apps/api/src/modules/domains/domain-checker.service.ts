import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { DNS_RESOLVER, type DnsResolver } from './dns-resolver';
import { checkDomain, type DomainCheckResult } from './domain-check';
import { DomainMetrics } from './domain-metrics';
import { DomainRoutingService } from './domain-routing.service';
import { domainTarget, tlsProbeEnabled } from './domain-settings';
import { DomainsRepository, type DomainCheckUpdate } from './domains.repository';
import { probeCertificate } from './tls-probe';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A verified domain whose DNS stays wrong this long stops being served (TXT gone, points elsewhere). */
const DEMOTE_AFTER_MS = 3 * 24 * HOUR;

/**
 * While waiting for DNS: at every run of the job (DOMAIN_CHECK_INTERVAL_MS, a minute) in the first
 * hour, then every 10 minutes for a day, then hourly, then daily.
 */
function nextWaitingCheck(createdAt: Date, now: number, everyMs: number): Date {
  const age = now - new Date(createdAt).getTime();
  const delay = age < HOUR ? everyMs : age < 24 * HOUR ? 10 * MINUTE : age < 7 * 24 * HOUR ? HOUR : 24 * HOUR;
  return new Date(now + delay);
}

/**
 * Runs the DNS check of one domain (owner's "check now", the every-minute job) and applies its
 * outcome: DNS is asked outside any transaction, the row is then re-read under lock and updated.
 */
@Injectable()
export class DomainChecker {
  constructor(
    private readonly repository: DomainsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    private readonly routing: DomainRoutingService,
    @Inject(DNS_RESOLVER) private readonly dns: DnsResolver,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: DomainMetrics,
  ) {}

  /** Every store's due domains (app_domains_due), each checked in its own tenant. */
  async acrossTenantsCheckDue(ctx: RequestContext, limit = 100): Promise<{ checked: number; purged: number }> {
    let checked = 0;
    let purged = 0;
    for (const due of await this.repository.due(limit)) {
      const scoped = ctx.withTenant({ tenantId: due.tenantId });
      try {
        const row = await this.tenantDb.run(scoped, (trx) => this.repository.find(trx, due.tenantId, due.id));
        if (!row) continue;
        if (row.status === 'removed') {
          await this.tenantDb.run(scoped, (trx) => this.repository.purge(trx, due.tenantId, due.id));
          purged++;
          continue;
        }
        await this.check(scoped, due.id);
        checked++;
      } catch (error) {
        this.logger.warn({ err: error, tenant_id: due.tenantId, domain_id: due.id }, 'domain check failed');
      }
    }
    return { checked, purged };
  }

  async check(ctx: RequestContext, id: string) {
    const tenantId = ctx.tenantId;
    const before = await this.tenantDb.run(ctx, (trx) => this.repository.find(trx, tenantId, id));
    if (!before || before.status === 'removed') return before ?? null;
    if (!before.verification_token) {
      // Attached by hand before 0031 (no token to check): left as it is, looked at again daily.
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.postpone(trx, tenantId, id, new Date(Date.now() + 24 * HOUR)),
      );
      return before;
    }
    const result = await checkDomain(
      this.dns,
      { host: before.host, kind: before.kind, token: before.verification_token },
      domainTarget(this.config),
    );
    const certificate =
      result.verdict === 'ok' && tlsProbeEnabled(this.config)
        ? await probeCertificate(before.host, this.config.DNS_TIMEOUT_MS)
        : null;
    const { row, servingChanged } = await this.tenantDb.run(ctx, async (trx) => {
      const current = await this.repository.find(trx, tenantId, id, { lock: true });
      if (!current || current.status === 'removed') return { row: current ?? null, servingChanged: false };
      const update = this.outcome(current, result, certificate);
      if (
        update.status === 'verified' &&
        current.status !== 'verified' &&
        !(await this.repository.hasPrimary(trx, tenantId))
      )
        update.is_primary = true;
      if (update.status !== 'verified' && current.is_primary) update.is_primary = false;
      const saved = await this.repository.applyCheck(trx, tenantId, id, update);
      if (current.is_primary && !saved.is_primary) await this.repository.promoteNextPrimary(trx, tenantId);
      const servingChanged = (current.verified_at === null) !== (saved.verified_at === null);
      if (servingChanged)
        await this.audit.record(trx, ctx, {
          action: saved.verified_at ? 'domain.verified' : 'domain.demoted',
          entity: { type: 'tenant_domain', id },
          before: { status: current.status },
          after: { status: saved.status, code: saved.check_code },
        });
      return { row: saved, servingChanged };
    });
    this.metrics.checks.inc({ outcome: result.verdict });
    if (row && servingChanged) await this.routing.invalidate(ctx, [row.host]);
    return row;
  }

  private outcome(
    current: {
      status: string;
      verified_at: Date | null;
      failing_since: Date | null;
      certificate_at: Date | null;
      created_at: Date;
    },
    result: DomainCheckResult,
    certificate: boolean | null,
  ): DomainCheckUpdate {
    const now = Date.now();
    const base = { check_code: result.code, check_message: result.message };
    if (result.verdict === 'ok')
      return {
        ...base,
        status: 'verified',
        verified_at: current.verified_at ?? new Date(now),
        failing_since: null,
        certificate_at:
          certificate === null
            ? current.certificate_at
            : certificate
              ? (current.certificate_at ?? new Date(now))
              : null,
        // Verified: re-checked daily; without a certificate yet, every 10 minutes while the probe runs.
        next_check_at: new Date(now + (certificate === false ? 10 * MINUTE : 24 * HOUR)),
      };
    const keep = { verified_at: current.verified_at, certificate_at: current.certificate_at };
    if (result.verdict === 'unreachable')
      return {
        ...base,
        ...keep,
        status: current.status as DomainCheckUpdate['status'],
        failing_since: current.failing_since,
        next_check_at: new Date(now + 5 * MINUTE),
      };
    if (current.status === 'verified') {
      const since = current.failing_since ?? new Date(now);
      if (now - new Date(since).getTime() < DEMOTE_AFTER_MS)
        return { ...base, ...keep, status: 'verified', failing_since: since, next_check_at: new Date(now + HOUR) };
      return {
        ...base,
        status: result.verdict === 'failed' ? 'failed' : 'pending',
        verified_at: null,
        certificate_at: null,
        failing_since: since,
        next_check_at: new Date(now + HOUR),
      };
    }
    return {
      ...base,
      status: result.verdict === 'failed' ? 'failed' : 'pending',
      verified_at: null,
      certificate_at: null,
      failing_since: null,
      next_check_at: nextWaitingCheck(current.created_at, now, this.config.DOMAIN_CHECK_INTERVAL_MS),
    };
  }
}
