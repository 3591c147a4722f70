import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely, type TenantTransaction } from '@sokoni/db';
import { DB } from '../../platform/tokens';

/**
 * product_cards whose stored price has passed its price_valid_until (migration 0049): a sale
 * started or ended by the clock since the card was written. The raw DB is used only by `due`
 * (the SECURITY DEFINER sweep app_product_cards_due); each store's cards are rewritten in its own
 * tenant transaction.
 */
@Injectable()
export class ProductCardWindowsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  async due(limit: number): Promise<{ tenantId: string; productId: string }[]> {
    const { rows } = await sql<{ tenant_id: string; product_id: string }>`
      SELECT tenant_id, product_id FROM app_product_cards_due(${limit})`.execute(this.db);
    return rows.map((r) => ({ tenantId: r.tenant_id, productId: r.product_id }));
  }

  /**
   * Rewrites the cards still due (another run may have done them) with app_refresh_product_cards,
   * the triggers' own function; returns how many.
   */
  async refresh(trx: TenantTransaction, tenantId: string, productIds: string[]): Promise<number> {
    const { rows } = await sql<{ product_id: string }>`
      SELECT product_id FROM product_cards
       WHERE product_id = ANY (${productIds}::uuid[]) AND price_valid_until <= now()`.execute(trx);
    if (rows.length === 0) return 0;
    await sql`SELECT app_refresh_product_cards(${tenantId}::uuid, ${rows.map((r) => r.product_id)}::uuid[])`.execute(
      trx,
    );
    return rows.length;
  }
}
