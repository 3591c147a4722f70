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
 * Other islands record events through `window.sokoni.track(...)`.
 */
export interface AnalyticsConfig {
  /** Same-origin collector URL, e.g. `/s/nairobi-gadgets/events` or `/events` (host form). */
  url: string;
  /** Events of this page view (page_view first), without the fields the island fills in. */
  events: Record<string, string | number>[];
}

export function analyticsIsland(config: AnalyticsConfig): void {
  const MAX_BATCH = 25;
  const queue: Record<string, string | number>[] = [];
  const randomId = () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => alphabet[b & 63]).join('');
  };
  let sessionId = '';
  try {
    sessionId = sessionStorage.getItem('sokoni:sid') ?? '';
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(sessionId)) {
      sessionId = randomId();
      sessionStorage.setItem('sokoni:sid', sessionId);
    }
  } catch {
    sessionId = randomId(); // storage blocked (private mode, settings): one id per page view
  }
  const params = new URLSearchParams(location.search);
  const source = (params.get('utm_source') ?? params.get('ref') ?? '').toLowerCase();
  const channel = source === 'whatsapp' || source === 'wa' || /whatsapp/i.test(document.referrer) ? 'whatsapp' : 'web';
  const path = (location.pathname + location.search).slice(0, 300);

  const flush = () => {
    while (queue.length > 0) {
      const body = JSON.stringify({ events: queue.splice(0, MAX_BATCH) });
      const blob = new Blob([body], { type: 'application/json' });
      if (!(navigator.sendBeacon && navigator.sendBeacon(config.url, blob))) {
        fetch(config.url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(() => undefined);
      }
    }
  };
  const track = (event: Record<string, string | number>) => {
    queue.push({ at: Date.now(), sessionId, path, channel, ...event });
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
  (window as unknown as { sokoni: { track: typeof track } }).sokoni = { track };

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
