import { formatKes as kes, type Order } from '@sokoni/contracts';
import type { EtimsInvoiceView } from '../etims/etims-receipt.service';
import { renderEtimsBlock } from '../etims/etims-invoice-block';

const esc = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface InvoiceStore {
  name: string;
  location: string;
  kraPin: string | null;
  mpesa: { kind: 'till' | 'paybill'; shortcode: string } | null;
  /** Business details (store-identity): the registered name and address, when the owner gave them. */
  legalName?: string | null;
  address?: string | null;
}

/** An accepted return: a credit note against the invoice (one per order, CN-<order number>). */
export interface InvoiceCredit {
  number: string;
  date: string | null;
  /** What the returned lines are worth after their share of the discount (the refund). */
  amountKes: number;
  vatKes: number;
  lines: { title: string; sku: string; quantity: number; unitPriceKes: number }[];
}

function creditNoteSection(order: Order, credit: InvoiceCredit): string {
  const rows = credit.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.title)}<br><small>SKU ${esc(l.sku)}</small></td><td class="n">${l.quantity}</td><td class="n">${kes(l.unitPriceKes)}</td><td class="n">- ${kes(l.unitPriceKes * l.quantity)}</td></tr>`,
    )
    .join('');
  const value = credit.lines.reduce((sum, l) => sum + l.unitPriceKes * l.quantity, 0);
  const discountShare = value - credit.amountKes;
  const net = order.totalKes - credit.amountKes;
  return `<h2 id="credit-note">Credit note ${esc(credit.number)}</h2>
<div>Against invoice INV-${order.number}${credit.date ? ` · ${esc(new Date(credit.date).toLocaleString('en-KE', { timeZone: 'Africa/Nairobi', dateStyle: 'medium', timeStyle: 'short' }))}` : ''} · returned goods</div>
<table><thead><tr><th>Item returned</th><th class="n">Qty</th><th class="n">Unit price</th><th class="n">Amount</th></tr></thead><tbody>
${rows}
${discountShare > 0 ? `<tr><td colspan="3">Share of the order's discount</td><td class="n">${kes(discountShare)}</td></tr>` : ''}
<tr class="total"><td colspan="3">Credited (VAT inclusive)</td><td class="n">- ${kes(credit.amountKes)}</td></tr>
<tr><td colspan="3">of which VAT @ 16%</td><td class="n">- ${kes(credit.vatKes)}</td></tr>
<tr class="total"><td colspan="3">Net after credit note</td><td class="n">${kes(net)}</td></tr>
<tr><td colspan="3">Net VAT</td><td class="n">${kes(order.vatKes - credit.vatKes)}</td></tr>
</tbody></table>`;
}

/**
 * A printable tax invoice (HTML, one page, prints on A4 or an 80 mm receipt roll). Prices are
 * VAT-inclusive, so the breakdown shows the taxable value (total less VAT) and VAT at 16 %,
 * as a KRA-style invoice does; VAT is computed once on the total (see money.ts).
 */
export function renderInvoice(
  store: InvoiceStore,
  order: Order,
  etims: EtimsInvoiceView = { state: 'off' },
  credit: InvoiceCredit | null = null,
): string {
  const paid = !['pending_payment', 'cancelled'].includes(order.status);
  const rows = order.items
    .map((item) => {
      const options = Object.values(item.options).join(' / ');
      return (
        `<tr><td>${esc(item.title)}${options ? `<br><small>${esc(options)}</small>` : ''}<br><small>SKU ${esc(item.sku)}</small></td>` +
        `<td class="n">${item.quantity}</td><td class="n">${kes(item.unitPriceKes)}</td><td class="n">${kes(item.lineTotalKes)}</td></tr>`
      );
    })
    .join('');
  const discounts = order.discounts
    .map((d) => `<tr><td colspan="3">${esc(d.label)}</td><td class="n">- ${kes(d.amountKes)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Invoice INV-${order.number} — ${esc(store.name)}</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;max-width:720px;margin:24px auto;padding:0 16px}
h1{font-size:20px;margin:0}h2{font-size:16px;margin:16px 0 4px}table{width:100%;border-collapse:collapse}
td,th{padding:6px 4px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}
small{color:#555}.total td{font-weight:700;border-top:2px solid #111}.meta{display:flex;justify-content:space-between;gap:16px;flex-wrap:wrap}
.badge{display:inline-block;padding:2px 8px;border-radius:4px;background:${paid ? '#0b6b3a' : '#a15c00'};color:#fff;font-size:12px}
@media print{body{margin:0;max-width:none}.noprint{display:none}}
</style></head><body>
<div class="meta"><div><h1>${esc(store.name)}</h1>${store.legalName && store.legalName !== store.name ? `<div>${esc(store.legalName)}</div>` : ''}<div>${esc(store.address || store.location)}</div>
<div>KRA PIN: ${store.kraPin ? esc(store.kraPin) : 'not registered'}</div>
${store.mpesa ? `<div>M-Pesa ${store.mpesa.kind === 'till' ? 'Till' : 'Paybill'} ${esc(store.mpesa.shortcode)}</div>` : ''}</div>
<div><h1>TAX INVOICE</h1><div>Invoice INV-${order.number}</div><div>Order #${order.number}</div>
<div>Date ${esc(new Date(order.createdAt).toLocaleString('en-KE', { timeZone: 'Africa/Nairobi', dateStyle: 'medium', timeStyle: 'short' }))}</div>
<div><span class="badge">${paid ? 'PAID' : order.status === 'cancelled' ? 'CANCELLED' : 'AWAITING PAYMENT'}</span></div></div></div>
<h2>Billed to</h2><div>${esc(order.customerName)} · ${esc(order.phone)}</div><div>${order.deliveryMethod === 'pickup' ? 'Pickup at agent point' : 'Delivery'} · ${esc(order.areaSlug)}${order.landmark ? ` · ${esc(order.landmark)}` : ''}</div>
<h2>Items</h2>
<table><thead><tr><th>Item</th><th class="n">Qty</th><th class="n">Unit price</th><th class="n">Amount</th></tr></thead><tbody>
${rows}
<tr><td colspan="3">Subtotal</td><td class="n">${kes(order.subtotalKes)}</td></tr>
<tr><td colspan="3">Delivery</td><td class="n">${kes(order.deliveryFeeKes)}</td></tr>
${discounts}
<tr class="total"><td colspan="3">Total (VAT inclusive)</td><td class="n">${kes(order.totalKes)}</td></tr>
</tbody></table>
<h2>VAT breakdown</h2>
<table><tbody>
<tr><td>Taxable value (excl. VAT)</td><td class="n">${kes(order.totalKes - order.vatKes)}</td></tr>
<tr><td>VAT @ 16%</td><td class="n">${kes(order.vatKes)}</td></tr>
<tr class="total"><td>Total</td><td class="n">${kes(order.totalKes)}</td></tr>
</tbody></table>
${renderEtimsBlock(etims)}
${credit ? creditNoteSection(order, credit) : ''}
<p class="noprint"><button onclick="window.print()">Print</button></p>
</body></html>`;
}
