import { defineMessages } from '../core';

/** The promotion strip and sale badges (lib/promotions.ts); promotion names are the owner's words. */
export const promotionMessages = defineMessages(
  'promotions',
  {
    buyGetFree: 'Buy {buy} get {get} free',
    freeDeliveryOver: '{label} (orders of {amount} or more)',
  },
  {
    buyGetFree: 'Nunua {buy} upate {get} bure',
    freeDeliveryOver: '{label} (oda za {amount} au zaidi)',
  },
);
