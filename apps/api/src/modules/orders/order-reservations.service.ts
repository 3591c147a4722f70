import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { StockLedgerService, type OrderStockMovement } from '../owner-catalog/stock-ledger.service';
import { PromotionsService } from '../promotions/promotions.service';
import { OrdersRepository } from './orders.repository';

type OrderRef = { tenant_id: string; id: string; number: number };

/** One stock-ledger row of an order's line: `why` completes the reason "order #N <why>". */
function movement(
  order: OrderRef,
  variantId: string,
  kind: OrderStockMovement['kind'],
  quantity: number,
  why: string,
): OrderStockMovement {
  return {
    tenant_id: order.tenant_id,
    variant_id: variantId,
    kind,
    quantity,
    reason: `order #${order.number} ${why}`,
    order_id: order.id,
  };
}

/**
 * What an order holds while it waits for payment, and what becomes of it: stock reserved at
 * placement, given back (with the coupon use) on cancel or expiry, turned into a sale when paid.
 * Every movement goes to the stock ledger (owner-catalog) inside the caller's transaction.
 */
@Injectable()
export class OrderReservations {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly promotions: PromotionsService,
    private readonly ledger: StockLedgerService,
  ) {}

  /** Placement: one negative `reserve` movement per line. */
  async reserveWithin(
    trx: TenantTransaction,
    order: OrderRef,
    lines: { variantId: string; quantity: number }[],
  ): Promise<void> {
    await this.ledger.recordOrderMovementsWithin(
      trx,
      lines.map((l) => movement(order, l.variantId, 'reserve', -l.quantity, 'awaiting payment')),
    );
  }

  /** Cancelled or expired while unpaid: the coupon use and the reserved stock are given back. */
  async releaseWithin(trx: TenantTransaction, order: OrderRef, why: string): Promise<void> {
    await this.promotions.release(trx, order.id);
    const items = await this.repository.items(trx, order.id);
    await this.ledger.recordOrderMovementsWithin(
      trx,
      items.map((i) => movement(order, i.variant_id, 'release', i.quantity, why)),
    );
  }

  /** Paid: release + sale per line, so on-hand stays put and sales are counted. */
  async sellWithin(trx: TenantTransaction, order: OrderRef): Promise<void> {
    const items = await this.repository.items(trx, order.id);
    await this.ledger.recordOrderMovementsWithin(
      trx,
      items.flatMap((i) => [
        movement(order, i.variant_id, 'release', i.quantity, 'paid'),
        movement(order, i.variant_id, 'sale', -i.quantity, 'paid'),
      ]),
    );
  }

  /**
   * A paid order cancelled before it left the shop: its coupon use is given back and the stock
   * it sold comes back to the shelf as `return` movements (sales net out in the ledger).
   */
  async unsellWithin(trx: TenantTransaction, order: OrderRef, why: string): Promise<void> {
    await this.promotions.release(trx, order.id);
    const items = await this.repository.items(trx, order.id);
    await this.ledger.recordOrderMovementsWithin(
      trx,
      items.map((i) => movement(order, i.variant_id, 'return', i.quantity, why)),
    );
  }

  /** Returned lines received back at the shop: one `return` movement per line. */
  async receiveReturnWithin(
    trx: TenantTransaction,
    order: OrderRef,
    lines: { variantId: string; quantity: number }[],
  ): Promise<void> {
    await this.ledger.recordOrderMovementsWithin(
      trx,
      lines.map((l) => movement(order, l.variantId, 'return', l.quantity, 'returned by the shopper')),
    );
  }

  /**
   * Paid after its hold lapsed and it was cancelled: the stock is taken as a sale again if it is
   * still there. A savepoint keeps a stock shortage from failing the caller's transaction; false
   * when the stock is gone.
   */
  async retakeForLatePaymentWithin(trx: TenantTransaction, order: OrderRef): Promise<boolean> {
    const items = await this.repository.items(trx, order.id);
    await this.repository.savepoint(trx, 'revive_stock');
    try {
      await this.ledger.recordOrderMovementsWithin(
        trx,
        items.map((i) => movement(order, i.variant_id, 'sale', -i.quantity, 'paid after its hold lapsed')),
      );
      await this.repository.releaseSavepoint(trx, 'revive_stock');
      return true;
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'product_variants_on_hand_check') throw error;
      await this.repository.rollbackToSavepoint(trx, 'revive_stock');
      return false;
    }
  }
}
