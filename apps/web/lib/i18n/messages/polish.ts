import { defineMessages } from '../core';

/** Storefront strings of the one-tap pay, variant photo and product page polish (issues 12 and 13). */
export const polishMessages = defineMessages(
  'polish',
  {
    /** One-tap pay in the checkout: the link under the live payment block to the order's own page. */
    seeOrder: 'See your order',
  },
  {
    seeOrder: 'Tazama oda yako',
  },
);
