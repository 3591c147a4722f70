import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import type { Actor, RequestContext } from '../../platform/request-context';
import { AuditRepository } from './audit.repository';

export interface AuditEntry {
  /** Who did it; by default the context's actor (an owner is a user, jobs and providers the system). */
  actor?: { type: 'user' | 'system' | 'shopper'; id: string | null };
  /** dotted verb, e.g. "product.price_changed". */
  action: string;
  entity: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

/**
 * Writes the append-only audit log inside the caller's tenant transaction, so the audit row
 * commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async record(trx: TenantTransaction, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const actor = entry.actor ?? auditActor(ctx.actor);
    await this.repository.insert(trx, {
      tenant_id: ctx.tenantId,
      actor_type: actor.type,
      actor_id: actor.id,
      action: entry.action,
      entity_type: entry.entity.type,
      entity_id: entry.entity.id,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      correlation_id: ctx.correlationId,
    });
  }
}

/** The audit row's actor for a context's actor: owners are users; jobs and providers, the system. */
export function auditActor(actor: Actor): NonNullable<AuditEntry['actor']> {
  switch (actor.kind) {
    case 'owner':
      return { type: 'user', id: actor.userId };
    case 'shopper':
      return { type: 'shopper', id: null };
    case 'system':
    case 'provider':
      return { type: 'system', id: null };
  }
}
