import { defineMessages } from '../core';

/**
 * "Tell me when it's back" on a sold-out item (components/BackInStockForm.tsx). `consent` is
 * stored with the request as the words the shopper agreed to: change it and new requests record
 * the new words.
 */
export const backInStockMessages = defineMessages(
  'back-in-stock',
  {
    title: "Tell me when it's back",
    intro: 'Sold out for now. Leave your number and we send you one message when it is back.',
    option: 'Option',
    phone: 'Your phone number',
    phoneHint: 'For example 0712 345 678',
    channel: 'Send it by',
    whatsapp: 'WhatsApp',
    sms: 'SMS',
    consent: 'Send me one message when this item is back in stock. I can reply STOP at any time.',
    submit: "Tell me when it's back",
    done: "Done: we will send you one message when it's back.",
    errorPhone: 'Enter a Kenyan mobile number like 0712 345 678.',
    errorConsent: 'Tick the box so we may send you the message.',
    errorChannel: 'Choose WhatsApp or SMS.',
    errorInStock: 'Good news: this is in stock now. Add it to your cart.',
    errorUnknown: 'We could not find that item. Choose an option and try again.',
    errorBusy: 'Too many tries: wait a minute and try again.',
    errorDown: 'We could not reach the shop. Check your connection and try again.',
  },
  {
    title: 'Niambie ikirudi',
    intro: 'Imeisha kwa sasa. Acha namba yako na tutakutumia ujumbe mmoja ikirudi.',
    option: 'Chaguo',
    phone: 'Namba yako ya simu',
    phoneHint: 'Kwa mfano 0712 345 678',
    channel: 'Itume kwa',
    whatsapp: 'WhatsApp',
    sms: 'SMS',
    consent: 'Nitumie ujumbe mmoja bidhaa hii ikirudi. Naweza kujibu STOP wakati wowote.',
    submit: 'Niambie ikirudi',
    done: 'Sawa: tutakutumia ujumbe mmoja ikirudi.',
    errorPhone: 'Weka namba ya simu ya Kenya kama 0712 345 678.',
    errorConsent: 'Weka tiki kwenye kisanduku ili tukutumie ujumbe.',
    errorChannel: 'Chagua WhatsApp au SMS.',
    errorInStock: 'Habari njema: imerudi sasa. Iweke kwenye kikapu.',
    errorUnknown: 'Hatukupata bidhaa hiyo. Chagua tena ujaribu.',
    errorBusy: 'Umejaribu mara nyingi: subiri dakika moja ujaribu tena.',
    errorDown: 'Hatukuweza kufikia duka. Angalia mtandao wako ujaribu tena.',
  },
);

/** What the form's redirect says happened (`?notify=` on the product page). */
export const BACK_IN_STOCK_OUTCOMES = {
  ok: 'done',
  phone: 'errorPhone',
  consent: 'errorConsent',
  channel: 'errorChannel',
  in_stock: 'errorInStock',
  unknown: 'errorUnknown',
  busy: 'errorBusy',
  down: 'errorDown',
} as const;
export type BackInStockOutcome = keyof typeof BACK_IN_STOCK_OUTCOMES;
