import { formatKes, type Order } from '@sokoni/contracts';
import type { StoreMpesa } from '../payments/mpesa-settings.service';
import type { MessageFacts } from './templates';

/** Whether the order is paid at the door: then nothing is paid now, so no till or paybill is named. */
export const paysAtDoor = (order: Pick<Order, 'paymentMethod'>): boolean => order.paymentMethod === 'on_delivery';

/**
 * How the shopper pays an unpaid order, for the "order placed" message and the inbox's resend of
 * it (one function, so the two never disagree): the till or paybill for an M-Pesa order, or the
 * amount to have ready at the door for a pay-on-delivery order (the template then says "pay on
 * delivery" instead of "pay with M-Pesa", templates.ts). `mpesa` may be null: the store has no
 * M-Pesa settings (or a pay-on-delivery order, which never needs them).
 */
export function howToPay(
  order: Pick<Order, 'number' | 'totalKes' | 'paymentMethod'>,
  mpesa: Pick<StoreMpesa, 'settings' | 'publicNumber'> | null,
): Pick<MessageFacts, 'payTo' | 'payOnDelivery'> {
  if (paysAtDoor(order)) return { payTo: null, payOnDelivery: true };
  if (!mpesa) return { payTo: null, payOnDelivery: false };
  const payTo =
    mpesa.settings.kind === 'paybill'
      ? `Paybill ${mpesa.publicNumber}, account ${order.number}, ${formatKes(order.totalKes)}`
      : `Till ${mpesa.publicNumber}, ${formatKes(order.totalKes)}`;
  return { payTo, payOnDelivery: false };
}
