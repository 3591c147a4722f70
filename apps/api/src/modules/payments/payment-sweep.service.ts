import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { DB } from '../../platform/tokens';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentsRepository } from './payments.repository';
import { ReceiptLookupService } from './receipt-lookup.service';
import { StkQueryService } from './stk-query.service';

/** The sweeper's view of attempts whose job was lost: overdue queries re-run; pushes Daraja never answered given up; receipt lookups owed. */
@Injectable()
export class PaymentSweepService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly stkQueries: StkQueryService,
    private readonly tenantDb: TenantDb,
    private readonly receipts: ReceiptLookupService,
    @Inject(DB) private readonly db: Kysely<Database>,
  ) {}

  /** Crosses tenants on purpose: receipt lookups whose job was lost, every store; each in its own tenant. */
  async acrossTenantsLookupsDue(ctx: RequestContext, graceSeconds: number): Promise<number> {
    const due = await this.repository.receiptsDue(this.db, graceSeconds, 100);
    for (const d of due)
      await this.receipts
        .runLookupJob(ctx.withTenant({ tenantId: d.tenant_id }), d.payment_id)
        .catch(() => 'failed: retried by the next sweep');
    return due.length;
  }

  /** Crosses tenants on purpose: every store's overdue attempts, each then handled in its own tenant. */
  async acrossTenantsSweepDue(
    ctx: RequestContext,
    graceSeconds: number,
  ): Promise<{ queried: number; abandoned: number }> {
    const due = await this.repository.paymentsDue(this.db, graceSeconds, 200);
    let queried = 0;
    let abandoned = 0;
    for (const { tenant_id, payment_id, status } of due) {
      const tenant = ctx.withTenant({ tenantId: tenant_id });
      if (status === 'initiating') {
        await this.tenantDb.run(tenant, async (trx) => {
          const payment = await this.repository.lock(trx, payment_id);
          if (payment?.status === 'initiating')
            await this.settlement.failWithin(trx, tenant, payment, null, 'Daraja never confirmed the STK push', [
              'push_unconfirmed',
            ]);
        });
        abandoned++;
      } else {
        const row = await this.tenantDb.run(tenant, (trx) => this.repository.byId(trx, payment_id));
        await this.stkQueries.runQueryJob(tenant, payment_id, row?.query_attempts ? row.query_attempts : 1);
        queried++;
      }
    }
    return { queried, abandoned };
  }
}
