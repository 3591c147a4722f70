import { defineMessages } from '../index';

/** Strings shared by the storefront frame (header, footer, language switch). */
export const commonMessages = defineMessages(
  'common',
  {
    myOrders: 'My orders',
    cart: 'Cart',
    languageName: 'English',
    switchLanguage: 'Kiswahili',
  },
  {
    myOrders: 'Oda zangu',
    cart: 'Kikapu',
    languageName: 'Kiswahili',
    switchLanguage: 'English',
  },
);
