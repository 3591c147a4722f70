import type { ReconciliationMismatch } from '@sokoni/contracts';

/** What one line of the daily report means for the owner, what to do, and where to do it. */
export interface Exception {
  title: string;
  todo: string;
  link: { href: string; label: string } | null;
}

const orderLink = (n: number | null | undefined, label = 'Open the order', anchor = '') =>
  n ? { href: `/owner/orders/${n}${anchor}`, label: `${label} #${n}` } : null;

/**
 * The report's kinds in plain words. Grouped the way an owner acts on them: money with no order
 * to match, an order paid twice, amounts or callbacks that disagree, receipts still missing,
 * refunds that did not go. An unknown kind still shows the report's own detail.
 */
export function exceptionFor(m: ReconciliationMismatch): Exception {
  const n = m.orderNumber ?? null;
  const flag = m.kind.startsWith('flagged_') ? m.kind.slice('flagged_'.length) : null;
  if (m.kind === 'c2b_confirmation_missing' || (m.kind === 'payment_without_paid_order' && !n))
    return {
      title: 'Payment without an order',
      todo: `Someone paid you${m.receipt ? ` (M-Pesa receipt ${m.receipt})` : ''} but no order matches it. Find the shopper by the receipt in your M-Pesa messages, then make the order for them or send the money back.`,
      link: { href: '/owner/orders', label: 'Find the order' },
    };
  if (m.kind === 'payment_without_paid_order')
    return {
      title: 'Payment without a paid order',
      todo: 'The money arrived but the order is not marked paid (cancelled or expired). Fulfil it if the stock is there, or refund the shopper.',
      link: orderLink(n, 'Refund or fulfil order', '#next-h'),
    };
  if (flag === 'duplicate_payment')
    return {
      title: 'Order paid twice',
      todo: 'The shopper paid this order more than once. Refund the extra payment from the order.',
      link: orderLink(n, 'Refund the extra payment on order', '#next-h'),
    };
  if (m.kind === 'amount_differs' || flag === 'amount_mismatch' || flag === 'phone_mismatch')
    return {
      title: 'Amount mismatch',
      todo: 'What was paid is not what the order costs. Ask the shopper for the rest, or refund the difference.',
      link: orderLink(n),
    };
  if (m.kind.startsWith('callback_'))
    return {
      title: 'Flagged M-Pesa callback',
      todo: 'M-Pesa sent us a payment message that did not match any payment, so nothing was changed. Compare it with your M-Pesa statement; if money came in, find its order.',
      link: orderLink(n) ?? { href: '/owner/orders?status=pending_payment', label: 'Orders waiting for payment' },
    };
  if (m.kind === 'receipt_missing')
    return {
      title: 'Missing M-Pesa receipt',
      todo: 'M-Pesa confirmed the payment but the receipt number has not come yet. It is fetched again on its own; if it is still missing tomorrow, check your M-Pesa statement.',
      link: orderLink(n),
    };
  if (m.kind === 'refund_failed')
    return {
      title: 'Refund failed',
      todo: 'The shopper is still waiting for this money. Try the refund again from the order, or send it from your M-Pesa and note it.',
      link: orderLink(n, 'Refund again on order', '#next-h'),
    };
  if (m.kind === 'paid_at_mpesa_not_here')
    return {
      title: 'Paid at M-Pesa, missed here',
      todo: 'M-Pesa took the money but we had not seen it. It is now applied to the order: make sure the order is packed and sent.',
      link: orderLink(n),
    };
  if (m.kind === 'not_in_mpesa_statement' || m.kind === 'receipt_differs')
    return {
      title: 'Not in the M-Pesa statement',
      todo: 'We recorded a payment that your M-Pesa statement does not show the same way. Check the receipt in your M-Pesa before sending the goods.',
      link: orderLink(n),
    };
  if (m.kind === 'order_paid_without_payment')
    return {
      title: 'Paid order without a payment',
      todo: 'The order is marked paid but no M-Pesa payment is recorded. Confirm the shopper paid before sending the goods.',
      link: orderLink(n),
    };
  return {
    title: flag ? `Payment flagged: ${flag.replace(/_/g, ' ')}` : m.kind.replace(/_/g, ' '),
    todo: 'Check this payment against your M-Pesa statement.',
    link: orderLink(n),
  };
}
