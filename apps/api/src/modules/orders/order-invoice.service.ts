import { Injectable } from '@nestjs/common';
import type { Order } from '@sokoni/contracts';
import { TenantDb } from '../../platform/tenant-db';
import type { InvoiceCredit } from './invoice';
import { OrdersRepository } from './orders.repository';
import { OrdersService } from './orders.service';
import type { RequestContext } from '../../platform/request-context';

/** What the printable invoice shows: the order and its credit note (an accepted return). */
@Injectable()
export class OrderInvoiceService {
  constructor(
    private readonly orders: OrdersService,
    private readonly repository: OrdersRepository,
    private readonly tenantDb: TenantDb,
  ) {}

  async forInvoice(ctx: RequestContext, orderId: string): Promise<{ order: Order; credit: InvoiceCredit | null }> {
    return this.tenantDb.run(ctx, async (trx) => {
      const order = await this.orders.getWithin(trx, orderId);
      const note = await this.repository.creditNote(trx, orderId);
      return {
        order,
        credit: note
          ? {
              number: `CN-${order.number}`,
              date: note.decided_at ? new Date(note.decided_at).toISOString() : null,
              amountKes: note.amount_kes,
              vatKes: note.vat_kes,
              lines: note.lines.map((l) => ({
                title: l.title,
                sku: l.sku,
                quantity: l.quantity,
                unitPriceKes: l.unit_price_kes,
              })),
            }
          : null,
      };
    });
  }
}
