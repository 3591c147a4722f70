/** The events in the owner's words (the page shows the code beside them for developers). */
export const WEBHOOK_EVENT_WORDS: Record<string, string> = {
  'order.paid': 'An order is paid',
  'order.cancelled': 'An order is cancelled',
  'refund.completed': 'A refund reached the shopper',
  'product.stock_low': 'A product is down to 5 or fewer',
  'webhook.ping': 'Test',
};
