import { insightRule, pct, periodWords, type InsightRule } from './types';

/** (f) WhatsApp is becoming a real sales channel: answer fast there, share cart links. */
/** At least this many WhatsApp orders in the window: a handful is not a shift. */
export const WHATSAPP_MIN_ORDERS = 10;
/** Its share of paid orders grew by at least this many points against the 28 days before. */
export const WHATSAPP_MIN_SHARE_GAIN_POINTS = 10;

export const whatsappChannelRule: InsightRule = insightRule('whatsapp_channel', (ctx, card) => {
  const total = ctx.channels.current.web + ctx.channels.current.whatsapp + ctx.channels.current.link;
  const baseTotal = ctx.channels.baseline.web + ctx.channels.baseline.whatsapp + ctx.channels.baseline.link;
  const wa = ctx.channels.current.whatsapp;
  if (wa < WHATSAPP_MIN_ORDERS || total === 0 || baseTotal === 0) return [];
  const share = pct(wa, total);
  const before = pct(ctx.channels.baseline.whatsapp, baseTotal);
  if (share - before < WHATSAPP_MIN_SHARE_GAIN_POINTS) return [];
  return [
    card('store', {
      score: 0,
      headline: `${share} % of your orders now come through WhatsApp (was ${before} %)`,
      body: `${wa} of ${total} paid orders ${periodWords(ctx)} came through WhatsApp. Reply quickly there and share cart links with shoppers who ask about a product.`,
      bodySw: `Oda ${wa} kati ya ${total} zilikuja kupitia WhatsApp. Jibu haraka huko.`,
      numbers: { whatsappOrders: wa, paidOrders: total, sharePct: share, previousSharePct: before },
      action: { label: 'See WhatsApp orders', href: '/owner/orders?channel=whatsapp' },
    }),
  ];
});
