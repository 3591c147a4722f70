import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import type { AppConfig } from '../../config/config';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG } from '../../platform/tokens';
import { dashed, verificationUrl } from './etims-payload';
import { EtimsRepository, SOLD_STATUSES } from './etims.repository';

export interface EtimsSignedDocument {
  kind: 'sale' | 'credit_note';
  /** {sdcId}/{curRcptNo}: the "CU Invoice No." a receipt prints. */
  cuInvoiceNo: string | null;
  invoiceNumber: number | null;
  receiptCounter: string | null;
  sdcId: string | null;
  sdcDateTime: string | null;
  internalData: string | null;
  signature: string | null;
  verifyUrl: string | null;
  /** Inline SVG of the verification QR code. */
  qrSvg: string | null;
  totalKes: number;
  /** The original sale's CU invoice number (credit notes). */
  originalCuInvoiceNo: string | null;
}

/** What a shopper's invoice shows about eTIMS: nothing (store has it off), pending at KRA, or the signed receipt. */
export type EtimsInvoiceView =
  | { state: 'off' }
  | { state: 'pending' }
  | { state: 'signed'; sale: EtimsSignedDocument; creditNotes: EtimsSignedDocument[] };

/** yyyyMMddHHmmss -> "dd/MM/yyyy HH:mm:ss" as receipts print the control unit's clock. */
function sdcTime(value: string | null): string | null {
  if (!value || !/^\d{14}$/.test(value)) return value;
  return `${value.slice(6, 8)}/${value.slice(4, 6)}/${value.slice(0, 4)} ${value.slice(8, 10)}:${value.slice(10, 12)}:${value.slice(12, 14)}`;
}

@Injectable()
export class EtimsReceiptService {
  constructor(
    private readonly repository: EtimsRepository,
    private readonly tenantDb: TenantDb,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async forOrder(ctx: RequestContext, orderId: string): Promise<EtimsInvoiceView> {
    const { settings, docs, status } = await this.tenantDb.run(ctx, async (trx) => ({
      settings: await this.repository.settings(trx),
      docs: await this.repository.documentsOf(trx, orderId),
      status: (await this.repository.soldOrder(trx, orderId))?.order.status ?? null,
    }));
    const sale = docs.find((d) => d.kind === 'sale');
    if (!sale) {
      if (settings?.enabled && status && (SOLD_STATUSES as readonly string[]).includes(status))
        return { state: 'pending' };
      return { state: 'off' };
    }
    if (sale.status !== 'accepted' && sale.status !== 'accepted_unsigned') return { state: 'pending' };
    const tin = settings?.kra_pin ?? '';
    const bhfId = settings?.branch_id ?? '00';
    const cuNo = (d: (typeof docs)[number]) =>
      d.sdc_id && d.cur_rcpt_no !== null ? `${d.sdc_id}/${d.cur_rcpt_no}` : null;
    const signed = async (d: (typeof docs)[number]): Promise<EtimsSignedDocument> => {
      const url = d.rcpt_sign ? verificationUrl(this.config.ETIMS_VERIFY_URL, tin, bhfId, d.rcpt_sign) : null;
      return {
        kind: d.kind,
        cuInvoiceNo: cuNo(d),
        invoiceNumber: d.invc_no,
        receiptCounter:
          d.cur_rcpt_no !== null && d.tot_rcpt_no !== null
            ? `${d.cur_rcpt_no}/${d.tot_rcpt_no} ${d.kind === 'sale' ? 'NS' : 'NC'}`
            : null,
        sdcId: d.sdc_id,
        sdcDateTime: sdcTime(d.sdc_date_time),
        internalData: d.intrl_data ? dashed(d.intrl_data) : null,
        signature: d.rcpt_sign ? dashed(d.rcpt_sign) : null,
        verifyUrl: url,
        qrSvg: url ? await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null,
        totalKes: d.total_kes,
        originalCuInvoiceNo: d.kind === 'credit_note' ? cuNo(sale) : null,
      };
    };
    const creditNotes = docs.filter(
      (d) => d.kind === 'credit_note' && (d.status === 'accepted' || d.status === 'accepted_unsigned'),
    );
    return { state: 'signed', sale: await signed(sale), creditNotes: await Promise.all(creditNotes.map(signed)) };
  }
}
