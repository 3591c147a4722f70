import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { requestContext } from '../../platform/request-context';
import { AuditRepository } from './audit.repository';

export interface AuditEntry {
  actor: { type: 'user' | 'system' | 'shopper'; id: string | null };
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

  async record(trx: TenantTransaction, tenantId: string, entry: AuditEntry): Promise<void> {
    await this.repository.insert(trx, {
      tenant_id: tenantId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      entity_type: entry.entity.type,
      entity_id: entry.entity.id,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      correlation_id: requestContext.correlationId() ?? null,
    });
  }
}
