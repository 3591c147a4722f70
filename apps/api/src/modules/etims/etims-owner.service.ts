import { Injectable } from '@nestjs/common';
import type { EtimsDocument } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { EtimsRepository } from './etims.repository';

type ListRow = Awaited<ReturnType<EtimsRepository['list']>>[number];

function toDocument(d: ListRow): EtimsDocument {
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    orderNumber: d.order_number,
    invoiceNumber: d.invc_no,
    originalInvoiceNumber: d.org_invc_no,
    totalKes: d.total_kes,
    attempts: d.attempts,
    receiptNumber: d.sdc_id && d.cur_rcpt_no !== null ? `${d.sdc_id}/${d.cur_rcpt_no}` : null,
    rejectionReason: d.rejection_reason,
    lastError: d.last_error,
    createdAt: d.created_at.toISOString(),
    resolvedAt: d.resolved_at ? d.resolved_at.toISOString() : null,
  };
}

/** Today in Nairobi as YYYY-MM-DD. */
export function nairobiToday(now = new Date()): string {
  return new Date(now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}

/** What the owner reads and does about the store's fiscal documents. */
@Injectable()
export class EtimsOwnerService {
  constructor(
    private readonly repository: EtimsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
  ) {}

  async documents(ctx: RequestContext): Promise<EtimsDocument[]> {
    return (await this.tenantDb.run(ctx, (trx) => this.repository.list(trx, 100))).map(toDocument);
  }

  /** A rejected document goes back to pending (a new invoice number is allocated when it is sent). */
  async retry(ctx: RequestContext, id: string): Promise<EtimsDocument> {
    await this.tenantDb.run(ctx, async (trx) => {
      const doc = await this.repository.document(trx, id);
      if (!doc) throw ApiError.notFound('not_found', 'No such eTIMS document');
      if (doc.status !== 'rejected')
        throw new ApiError(409, 'conflict', `Only a rejected document can be sent again (this one is ${doc.status})`, {
          reason: 'etims_not_rejected',
          status: doc.status,
        });
      await this.repository.updateDocument(trx, id, { status: 'pending', last_error: null, resolved_at: null });
      await this.audit.record(trx, ctx, {
        action: 'etims.document_resent',
        entity: { type: 'etims_document', id },
        before: { status: doc.status, reason: doc.rejection_reason },
        after: { status: 'pending' },
      });
    });
    const listed = await this.tenantDb.run(ctx, (trx) => this.repository.list(trx, 500));
    return toDocument(listed.find((d) => d.id === id)!);
  }

  /** The daily report's list: the day's sold orders without an accepted eTIMS invoice. */
  async unfiscalised(ctx: RequestContext, day: string | undefined) {
    const theDay = day ?? nairobiToday();
    const { enabled, rows } = await this.tenantDb.run(ctx, async (trx) => ({
      enabled: (await this.repository.settings(trx))?.enabled ?? false,
      rows: await this.repository.unfiscalisedOrders(trx, theDay),
    }));
    return {
      day: theDay,
      etimsEnabled: enabled,
      orders: enabled
        ? rows.map((r) => ({
            orderNumber: r.number,
            totalKes: r.total_kes,
            orderStatus: r.status,
            etimsStatus: r.etims_status ?? 'missing',
            reason: r.rejection_reason ?? r.last_error ?? null,
          }))
        : [],
    };
  }
}
