import { defineMessages } from '../core';

/** Pay on delivery on the checkout and the shopper's order page (issue 13). */
export const payOnDeliveryMessages = defineMessages(
  'pay-on-delivery',
  {
    legend: 'How do you want to pay?',
    mpesaNow: 'M-Pesa now',
    mpesaLater: 'M-Pesa (pay on the next page)',
    onDelivery: 'Pay on delivery',
    onDeliveryHint: 'Pay the rider when your order arrives: M-Pesa prompt or cash.',
    notOffered: 'Pay on delivery is not available for this order: {reason}',
    orderOnDelivery:
      'Pay on delivery: have KES {total} ready. The rider can send an M-Pesa prompt to your phone, or take cash.',
    orderCollected: 'Paid at the door ({via}).',
    viaMpesa: 'M-Pesa',
    viaCash: 'cash',
  },
  {
    legend: 'Utalipaje?',
    mpesaNow: 'M-Pesa sasa hivi',
    mpesaLater: 'M-Pesa (lipa kwa ukurasa unaofuata)',
    onDelivery: 'Lipa ukiletewa',
    onDeliveryHint: 'Utamlipa rider mzigo ukifika: kwa M-Pesa prompt au cash.',
    notOffered: 'Kulipa ukiletewa hakupatikani kwa oda hii: {reason}',
    orderOnDelivery:
      'Lipa ukiletewa: kuwa na KES {total} tayari. Rider anaweza kukutumia M-Pesa prompt kwa simu, ama achukue cash.',
    orderCollected: 'Umelipa mlangoni ({via}).',
    viaMpesa: 'M-Pesa',
    viaCash: 'cash',
  },
);
