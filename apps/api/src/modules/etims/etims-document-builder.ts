import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { EtimsItemsService, type RegisteredItem } from './etims-items.service';
import { buildSalePayload, round2, shareDiscount, type PayloadLine } from './etims-payload';
import type { EtimsDevice } from './etims-settings.service';
import { EtimsRepository } from './etims.repository';

type Doc = NonNullable<Awaited<ReturnType<EtimsRepository['head']>>>;

export type Prepared = { build: (invcNo: number) => Record<string, unknown> } | { refuse: string };

/** Credit-note reason (code class 32): 06 = refund. */
const REFUND_REASON = '06';

/**
 * Turns an order (or one of its refunds) into the lines of a sale or credit note: items
 * registered, goods' stock reported in, discounts shared over the lines so the invoice adds up
 * to what the shopper paid, the delivery fee as a service line.
 */
@Injectable()
export class EtimsDocumentBuilder {
  constructor(
    private readonly repository: EtimsRepository,
    private readonly tenantDb: TenantDb,
    private readonly items: EtimsItemsService,
  ) {}

  async prepare(ctx: RequestContext, device: EtimsDevice, doc: Doc): Promise<Prepared> {
    const loaded = await this.tenantDb.run(ctx, async (trx) => ({
      sold: await this.repository.soldOrder(trx, doc.order_id),
      sale: doc.kind === 'credit_note' ? await this.repository.saleOf(trx, doc.order_id) : null,
      refunds: doc.kind === 'credit_note' ? await this.repository.completedRefunds(trx, doc.order_id) : [],
    }));
    if (!loaded.sold) return { refuse: 'The order no longer exists' };
    const { order, lines } = loaded.sold;
    const registered = await this.items.ensureItems(
      ctx,
      device,
      lines.map((l) => ({ variantId: l.variant_id, name: l.title, priceKes: l.price_kes })),
    );
    const delivery = order.delivery_fee_kes > 0 ? await this.items.deliveryItem(ctx, device) : null;
    const gross = [
      ...lines.map((l) => ({
        item: registered.get(l.variant_id)!,
        name: l.title,
        qty: l.quantity,
        total: l.line_total_kes,
        variantId: l.variant_id,
      })),
      ...(delivery
        ? [{ item: delivery, name: 'Delivery', qty: 1, total: order.delivery_fee_kes, variantId: null }]
        : []),
    ];
    const net = shareDiscount(
      gross.map((g) => g.total),
      order.discount_kes,
    );
    const toLine = (g: (typeof gross)[number], total: number, qty: number): PayloadLine => ({
      itemCd: g.item.itemCd,
      itemClsCd: device.row.item_class_code,
      itemNm: g.name,
      qty,
      prc: round2(total / qty),
      taxTyCd: g.item.taxType,
    });
    const header = {
      trdInvcNo: doc.trd_invc_no,
      pmtTyCd: device.row.payment_type_code,
      custNm: order.customer_name,
      custMblNo: order.phone.replace(/^254/, '0'),
      tradeName: device.row.taxpayer_name ?? 'Sokoni store',
    };

    if (doc.kind === 'sale') {
      // Goods KRA thinks it lacks are reported in first, or the sale is refused for stock.
      const shortfall = gross
        .filter((g) => g.variantId && g.item.itemType !== '3' && g.item.kraStock < g.qty)
        .map((g) => ({
          variantId: g.variantId!,
          itemCd: g.item.itemCd,
          name: g.name,
          qty: g.qty - g.item.kraStock,
          kraStock: g.item.kraStock,
        }));
      await this.items.moveStock(ctx, device, 'in', shortfall);
      const payloadLines = gross.map((g, i) => toLine(g, net[i]!, g.qty));
      const at = new Date();
      return {
        build: (invcNo) => buildSalePayload({ ...header, invcNo, orgInvcNo: 0, rcptTyCd: 'S', at }, payloadLines),
      };
    }

    const sale = loaded.sale;
    if (!sale || !['accepted', 'accepted_unsigned'].includes(sale.status) || sale.invc_no === null)
      return {
        refuse: `The original sale of order #${order.number} was not accepted by KRA, so no credit note can refer to it`,
      };
    const refund = loaded.refunds.find((r) => r.id === doc.refund_id);
    if (!refund) return { refuse: 'The refund is no longer completed' };
    // A full refund credits the lines as sold; a partial one credits each line its share of the amount.
    const shares =
      refund.amount_kes >= order.total_kes
        ? net
        : shareDiscount(net, net.reduce((s, v) => s + v, 0) - refund.amount_kes);
    const creditLines = gross
      .map((g, i) => ({ g, total: shares[i]! }))
      .filter((x) => x.total > 0)
      .map((x) => (refund.amount_kes >= order.total_kes ? toLine(x.g, x.total, x.g.qty) : toLine(x.g, x.total, 1)));
    const at = new Date();
    const orgInvcNo = sale.invc_no;
    return {
      build: (invcNo) =>
        buildSalePayload(
          {
            ...header,
            invcNo,
            orgInvcNo,
            rcptTyCd: 'R',
            at,
            refund: { at: refund.resolved_at ? new Date(refund.resolved_at) : at, reasonCode: REFUND_REASON },
          },
          creditLines,
        ),
    };
  }

  /** After an accepted sale: the goods sold go out of KRA's stock. */
  async stockOut(ctx: RequestContext, device: EtimsDevice, orderId: string): Promise<void> {
    const sold = await this.tenantDb.run(ctx, (trx) => this.repository.soldOrder(trx, orderId));
    if (!sold) return;
    const registered: Map<string, RegisteredItem> = await this.items.ensureItems(
      ctx,
      device,
      sold.lines.map((l) => ({ variantId: l.variant_id, name: l.title, priceKes: l.price_kes })),
    );
    await this.items.moveStock(
      ctx,
      device,
      'out',
      sold.lines
        .map((l) => ({ l, item: registered.get(l.variant_id)! }))
        .filter((x) => x.item.itemType !== '3')
        .map((x) => ({
          variantId: x.l.variant_id,
          itemCd: x.item.itemCd,
          name: x.l.title,
          qty: Math.min(x.l.quantity, x.item.kraStock),
          kraStock: x.item.kraStock,
        })),
    );
  }
}
