import { Injectable } from '@nestjs/common';
import type { TenantTransaction } from '@sokoni/db';
import { OwnerCatalogRepository, type OrderStockMovement } from './owner-catalog.repository';

export type { OrderStockMovement };

/**
 * The stock ledger (inventory_movements) as other modules write it: orders reserve, release and
 * sell stock inside their own tenant transaction, so the movement commits with the order change
 * or not at all (and the on_hand >= 0 check still settles a race for the last unit).
 */
@Injectable()
export class StockLedgerService {
  constructor(private readonly repository: OwnerCatalogRepository) {}

  async recordOrderMovementsWithin(trx: TenantTransaction, movements: OrderStockMovement[]): Promise<void> {
    await this.repository.insertOrderMovements(trx, movements);
  }
}
