/**
 * Storefront analytics, as a tiny island inlined into every storefront page (see
 * islands/inline.ts for how islands are shipped and the rules they follow).
 *
 * Events (contracts/src/events.ts) are queued in memory and sent in one beacon when the page is
 * hidden or left (visibilitychange/pagehide: the last moment a mobile browser reliably gives us)
 * or when a batch is full. navigator.sendBeacon never blocks rendering or navigation. The beacon
 * goes to this origin (POST <store base>/events), whose route handler forwards it to the API, so
 * no third-party host and no CORS preflight. The session id is random and lives in
 * sessionStorage (one tab, gone when it closes): no cookies, no personal data.
 *
 * The shopper's delivery area, once a page knows it (an area page, the area chosen at checkout,
 * an order's area), is kept in sessionStorage too and stamped on every event sent after, so the
 * owner's funnel splits by area. An event with `once` (e.g. "paid" for order X, whose page may be
 * reloaded) is sent at most once per tab session.
 *
 * Leaving for WhatsApp (a share form or a wa.me link) is recorded as whatsapp_handoff.
 *
 * Other islands record events through `window.sokoni.track(...)` and tell the area through
 * `window.sokoni.setArea(slug)`.
 */
export interface AnalyticsConfig {
  /** Same-origin collector URL, e.g. `/s/nairobi-gadgets/events` or `/events` (host form). */
  url: string;
  /** Events of this page view (page_view first), without the fields the island fills in. */
  events: Record<string, string | number>[];
  /** The delivery area this page knows of (area slug), if any. */
  area?: string;
}

export function analyticsIsland(config: AnalyticsConfig): void {
  const MAX_BATCH = 25;
  const queue: Record<string, string | number>[] = [];
  const randomId = () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => alphabet[b & 63]).join('');
  };
  // Storage blocked (private mode, settings): one id per page view, area and once per page.
  const memory: Record<string, string> = {};
  const load = (key: string) => {
    try {
      return sessionStorage.getItem(key) ?? memory[key] ?? '';
    } catch {
      return memory[key] ?? '';
    }
  };
  const save = (key: string, value: string) => {
    memory[key] = value;
    try {
      sessionStorage.setItem(key, value);
    } catch {
      /* kept in memory */
    }
  };
  let sessionId = load('sokoni:sid');
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(sessionId)) save('sokoni:sid', (sessionId = randomId()));
  const setArea = (slug: string) => {
    if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) && slug.length <= 60) save('sokoni:area', slug);
  };
  if (config.area) setArea(config.area);
  const params = new URLSearchParams(location.search);
  const source = (params.get('utm_source') ?? params.get('ref') ?? '').toLowerCase();
  const channel = source === 'whatsapp' || source === 'wa' || /whatsapp/i.test(document.referrer) ? 'whatsapp' : 'web';
  const path = (location.pathname + location.search).slice(0, 300);

  const flush = () => {
    // The area may have been chosen after the event (checkout_start, then the area picker).
    const area = load('sokoni:area');
    if (area) for (const e of queue) if (!e.areaSlug) e.areaSlug = area;
    while (queue.length > 0) {
      const body = JSON.stringify({ events: queue.splice(0, MAX_BATCH) });
      const blob = new Blob([body], { type: 'application/json' });
      if (!(navigator.sendBeacon && navigator.sendBeacon(config.url, blob))) {
        fetch(config.url, {
          method: 'POST',
          body,
          keepalive: true,
          headers: { 'content-type': 'application/json' },
        }).catch(() => undefined);
      }
    }
  };
  const track = (event: Record<string, string | number>) => {
    const once = event.once;
    if (once) {
      if (load(`sokoni:once:${once}`)) return;
      save(`sokoni:once:${once}`, '1');
    }
    const e: Record<string, string | number> = { at: Date.now(), sessionId, path, channel };
    for (const k in event) if (k !== 'once') e[k] = event[k]!;
    queue.push(e);
    if (queue.length >= MAX_BATCH) flush();
  };

  addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  addEventListener('pagehide', flush);
  // Back/forward cache: a restored page is a new view of it.
  addEventListener('pageshow', (e) => {
    if (e.persisted) track({ type: 'page_view' });
  });
  (window as unknown as { sokoni: { track: typeof track; setArea: typeof setArea } }).sokoni = { track, setArea };
  // Leaving for WhatsApp (Share cart, Finish on WhatsApp, a wa.me link): the page is left or
  // hidden right after, which sends the batch.
  addEventListener('submit', (e) => {
    if ((e.target as HTMLElement).matches?.('form[data-share-cart]')) track({ type: 'whatsapp_handoff' });
  });
  addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest?.('a[data-whatsapp], a[href^="https://wa.me/"]'))
      track({ type: 'whatsapp_handoff' });
  });

  let referrer = '';
  try {
    if (document.referrer) {
      const r = new URL(document.referrer);
      referrer = (r.origin + r.pathname).slice(0, 300); // no query string: it may carry personal data
    }
  } catch {
    /* unparsable referrer: leave it out */
  }
  for (const e of config.events) track(e.type === 'page_view' && referrer ? { ...e, referrer } : e);
}
