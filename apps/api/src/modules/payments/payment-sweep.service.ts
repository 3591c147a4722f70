import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import { TenantDb } from '../../platform/tenant-db';
import { DB } from '../../platform/tokens';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentsRepository } from './payments.repository';
import { StkQueryService } from './stk-query.service';

/** The sweeper's view of attempts whose job was lost: overdue queries re-run; pushes Daraja never answered given up. */
@Injectable()
export class PaymentSweepService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly settlement: PaymentSettlement,
    private readonly stkQueries: StkQueryService,
    private readonly tenantDb: TenantDb,
    @Inject(DB) private readonly db: Kysely<Database>,
  ) {}

  async sweepDue(graceSeconds: number): Promise<{ queried: number; abandoned: number }> {
    const due = await this.repository.paymentsDue(this.db, graceSeconds, 200);
    let queried = 0;
    let abandoned = 0;
    for (const { tenant_id, payment_id, status } of due) {
      if (status === 'initiating') {
        await this.tenantDb.run(tenant_id, async (trx) => {
          const payment = await this.repository.lock(trx, payment_id);
          if (payment?.status === 'initiating')
            await this.settlement.failWithin(trx, tenant_id, payment, null, 'Daraja never confirmed the STK push', [
              'push_unconfirmed',
            ]);
        });
        abandoned++;
      } else {
        const row = await this.tenantDb.run(tenant_id, (trx) => this.repository.byId(trx, payment_id));
        await this.stkQueries.runQueryJob(tenant_id, payment_id, row?.query_attempts ? row.query_attempts : 1);
        queried++;
      }
    }
    return { queried, abandoned };
  }
}
