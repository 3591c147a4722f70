import { formatKes as kes } from '@sokoni/contracts';
import type { EtimsInvoiceView, EtimsSignedDocument } from './etims-receipt.service';

const esc = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function signedBlock(d: EtimsSignedDocument, title: string): string {
  const row = (label: string, value: string | null) =>
    value ? `<tr><td>${label}</td><td class="n">${esc(value)}</td></tr>` : '';
  return `<div class="etims" data-etims="${d.kind}"><h2>${title}</h2>
<div style="display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start">
<table style="flex:1 1 240px"><tbody>
${row('CU Date &amp; time', d.sdcDateTime)}
${row('CU ID', d.sdcId)}
${row('CU Invoice No.', d.cuInvoiceNo)}
${row('Receipt counter', d.receiptCounter)}
${d.kind === 'credit_note' ? row('ORIGINAL CU INVOICE NO.', d.originalCuInvoiceNo) : ''}
${d.kind === 'credit_note' ? row('Amount credited', `- ${kes(d.totalKes)}`) : ''}
${row('Internal Data', d.internalData)}
${row('Receipt Signature', d.signature)}
</tbody></table>
${d.qrSvg ? `<a class="etims-qr" href="${esc(d.verifyUrl!)}" aria-label="Verify this invoice with KRA" style="display:block;width:132px;height:132px;flex:none">${d.qrSvg.replace('<svg ', '<svg role="img" width="132" height="132" ')}</a>` : d.signature ? '' : '<p><small>Recorded by KRA; the signature will follow.</small></p>'}
</div>
${d.kind === 'credit_note' ? '<p><small>Credit notes are approved only for the original sales receipt.</small></p>' : ''}</div>`;
}

/** The eTIMS block of the shopper's invoice: the signed receipt (SCU information and QR), or "pending at KRA". */
export function renderEtimsBlock(view: EtimsInvoiceView): string {
  if (view.state === 'off') return '';
  if (view.state === 'pending')
    return '<div class="etims" data-etims="pending"><h2>KRA eTIMS</h2><p><strong>Pending at KRA</strong>: the electronic tax invoice will show here once KRA has accepted it.</p></div>';
  return [
    signedBlock(view.sale, 'KRA eTIMS: SCU information'),
    ...view.creditNotes.map((c) => signedBlock(c, 'KRA eTIMS credit note')),
  ].join('\n');
}
