import { Inject, Injectable } from '@nestjs/common';
import type { EtimsTaxType } from '@sokoni/db';
import type { Logger } from 'pino';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { ETIMS_CLIENT, type EtimsAnswer, type EtimsClient, type EtimsPath } from './etims-client';
import { EtimsMetrics } from './etims-metrics';
import { eat, SYSTEM_USER } from './etims-payload';
import type { EtimsDevice } from './etims-settings.service';
import { EtimsRepository } from './etims.repository';

/** A definite refusal while preparing a document (the document is rejected with it). */
export class EtimsPrepRejected extends Error {}
/** KRA unreachable while preparing: the document waits for the next attempt. */
export class EtimsPrepUnavailable extends Error {}

export interface RegisteredItem {
  itemCd: string;
  taxType: EtimsTaxType;
  itemType: '1' | '2' | '3';
  kraStock: number;
}

const PKG_UNIT = 'NT';
const QTY_UNIT = 'NO';

/** itemCd = country + product type + packaging unit + quantity unit + 7-digit sequence (reference section 5). */
export function itemCode(itemType: '1' | '2' | '3', seq: number): string {
  return `KE${itemType}${PKG_UNIT}${QTY_UNIT}${String(seq).padStart(7, '0')}`;
}

/**
 * Items on eTIMS: every variant sold is registered once (saveItem, its tax type from the store's
 * default), and goods have stock reported (insertStockIO + saveStockMaster) before a sale
 * needs it and after each sale. Callers hold the store's send lease (EtimsDocumentsService), so
 * KRA's per-PIN sequences (itemCd, sarNo) are never raced.
 */
@Injectable()
export class EtimsItemsService {
  constructor(
    private readonly repository: EtimsRepository,
    private readonly tenantDb: TenantDb,
    private readonly metrics: EtimsMetrics,
    @Inject(ETIMS_CLIENT) private readonly client: EtimsClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private async call(path: EtimsPath, device: EtimsDevice, body: Record<string, unknown>): Promise<EtimsAnswer> {
    const answer = await this.client.call(path, device, body);
    this.metrics.calls.inc({ path, answer: answer.kind });
    return answer;
  }

  /** Registers what is not registered yet; returns variant id -> item. */
  async ensureItems(
    ctx: RequestContext,
    device: EtimsDevice,
    variants: { variantId: string; name: string; priceKes: number }[],
  ): Promise<Map<string, RegisteredItem>> {
    const ids = [...new Set(variants.map((v) => v.variantId))];
    const known = await this.tenantDb.run(ctx, (trx) => this.repository.items(trx, ids));
    const items = new Map<string, RegisteredItem>(
      known.map((k) => [
        k.variant_id,
        { itemCd: k.item_cd, taxType: k.tax_type, itemType: k.item_type, kraStock: k.kra_stock },
      ]),
    );
    for (const v of variants) {
      if (items.has(v.variantId)) continue;
      const taxType = device.row.default_tax_type;
      const itemCd = await this.registerItem(ctx, device, '2', v.name, v.priceKes, taxType);
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.insertItem(trx, {
          tenant_id: ctx.tenantId,
          variant_id: v.variantId,
          item_cd: itemCd,
          tax_type: taxType,
          item_type: '2',
        }),
      );
      items.set(v.variantId, { itemCd, taxType, itemType: '2', kraStock: 0 });
    }
    return items;
  }

  /** The delivery fee's service item (registered once per store). */
  async deliveryItem(ctx: RequestContext, device: EtimsDevice): Promise<RegisteredItem> {
    const taxType = device.row.default_tax_type;
    if (device.row.delivery_item_cd)
      return { itemCd: device.row.delivery_item_cd, taxType, itemType: '3', kraStock: 0 };
    const itemCd = await this.registerItem(ctx, device, '3', 'Delivery', 0, taxType);
    await this.tenantDb.run(ctx, (trx) => this.repository.updateSettings(trx, { delivery_item_cd: itemCd }));
    device.row.delivery_item_cd = itemCd;
    return { itemCd, taxType, itemType: '3', kraStock: 0 };
  }

  private async registerItem(
    ctx: RequestContext,
    device: EtimsDevice,
    itemType: '1' | '2' | '3',
    name: string,
    priceKes: number,
    taxType: EtimsTaxType,
  ): Promise<string> {
    for (let round = 0; round < 2; round++) {
      const seq = (await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx)))!.next_item_seq;
      const itemCd = itemCode(itemType, seq);
      const answer = await this.call('saveItem', device, {
        itemCd,
        itemClsCd: device.row.item_class_code,
        itemTyCd: itemType,
        itemNm: name.slice(0, 200) || 'Item',
        itemStdNm: null,
        orgnNatCd: 'KE',
        pkgUnitCd: PKG_UNIT,
        qtyUnitCd: QTY_UNIT,
        taxTyCd: taxType,
        btchNo: null,
        bcd: null,
        dftPrc: priceKes,
        grpPrcL1: null,
        addInfo: null,
        sftyQty: null,
        isrcAplcbYn: 'N',
        useYn: 'Y',
        regrId: SYSTEM_USER,
        regrNm: SYSTEM_USER,
        modrId: SYSTEM_USER,
        modrNm: SYSTEM_USER,
      });
      if (answer.kind === 'ok') {
        await this.tenantDb.run(ctx, (trx) => this.repository.updateSettings(trx, { next_item_seq: seq + 1 }));
        return itemCd;
      }
      if (answer.kind === 'unavailable') throw new EtimsPrepUnavailable(`saveItem: ${answer.message}`);
      const expected = /Expected sequence ending with:\s*\**(\d+)/i.exec(answer.message);
      if (expected && round === 0) {
        this.logger.warn(
          { tenant_id: ctx.tenantId, ours: seq, kra: Number(expected[1]) },
          'etims itemCd sequence resynced',
        );
        await this.tenantDb.run(ctx, (trx) =>
          this.repository.updateSettings(trx, { next_item_seq: Number(expected[1]) }),
        );
        continue;
      }
      throw new EtimsPrepRejected(`Registering "${name}" with KRA failed: ${answer.resultCd} ${answer.message}`);
    }
    throw new EtimsPrepRejected(`Registering "${name}" with KRA failed: the item sequence did not settle`);
  }

  /**
   * Stock movement for goods: IN (sarTyCd 06 adjustment, before a sale KRA would refuse for
   * stock) or OUT (11 sale, after an accepted sale), then the stock master of each item.
   */
  async moveStock(
    ctx: RequestContext,
    device: EtimsDevice,
    direction: 'in' | 'out',
    lines: { variantId: string; itemCd: string; name: string; qty: number; kraStock: number }[],
  ): Promise<void> {
    const goods = lines.filter((l) => l.qty > 0);
    if (goods.length === 0) return;
    for (let round = 0; round < 2; round++) {
      const sarNo = (await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx)))!.next_sar_no;
      const answer = await this.call('stockIO', device, {
        sarNo,
        orgSarNo: 0,
        regTyCd: 'M',
        custTin: null,
        custNm: null,
        custBhfId: null,
        sarTyCd: direction === 'in' ? '06' : '11',
        ocrnDt: eat(new Date(), 8),
        totItemCnt: goods.length,
        totTaxblAmt: 0,
        totTaxAmt: 0,
        totAmt: 0,
        remark: null,
        regrId: SYSTEM_USER,
        regrNm: SYSTEM_USER,
        modrId: SYSTEM_USER,
        modrNm: SYSTEM_USER,
        itemList: goods.map((l, i) => ({
          itemSeq: i + 1,
          itemCd: l.itemCd,
          itemClsCd: device.row.item_class_code,
          itemNm: l.name,
          bcd: null,
          pkgUnitCd: PKG_UNIT,
          pkg: l.qty,
          qtyUnitCd: QTY_UNIT,
          qty: l.qty,
          itemExprDt: null,
          prc: 0,
          splyAmt: 0,
          totDcAmt: 0,
          taxblAmt: 0,
          taxTyCd: 'B',
          taxAmt: 0,
          totAmt: 0,
        })),
      });
      if (answer.kind === 'unavailable') throw new EtimsPrepUnavailable(`insertStockIO: ${answer.message}`);
      if (answer.kind === 'rejected') {
        const expected = /expected:\s*(\d+)/i.exec(answer.message);
        if (expected && round === 0 && /sarNo/i.test(answer.message)) {
          await this.tenantDb.run(ctx, (trx) =>
            this.repository.updateSettings(trx, { next_sar_no: Number(expected[1]) }),
          );
          continue;
        }
        throw new EtimsPrepRejected(`Reporting stock to KRA failed: ${answer.resultCd} ${answer.message}`);
      }
      await this.tenantDb.run(ctx, async (trx) => {
        await this.repository.updateSettings(trx, { next_sar_no: sarNo + 1 });
        for (const l of goods) await this.repository.addKraStock(trx, l.variantId, direction === 'in' ? l.qty : -l.qty);
      });
      for (const l of goods) {
        const rsdQty = Math.max(0, direction === 'in' ? l.kraStock + l.qty : l.kraStock - l.qty);
        const master = await this.call('stockMaster', device, {
          itemCd: l.itemCd,
          rsdQty,
          regrId: SYSTEM_USER,
          regrNm: SYSTEM_USER,
          modrId: SYSTEM_USER,
          modrNm: SYSTEM_USER,
        });
        if (master.kind !== 'ok')
          this.logger.warn(
            { tenant_id: ctx.tenantId, item_cd: l.itemCd, answer: master },
            'etims stock master not saved',
          );
      }
      return;
    }
  }
}
