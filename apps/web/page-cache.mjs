/**
 * The storefront page cache (docs/operate/caching.md "Page cache"): finished HTML of anonymous
 * GETs of a store's home, category, product and area pages, kept in this process's memory
 * (LRU, bounded in bytes) for PAGE_CACHE_TTL_S and purged by the revalidate hook.
 *
 * Why here and not Next's ISR: an ISR page is one HTML for every visitor, but ours carries a
 * per-response CSP nonce, depends on the Host header (host vs path form, canonical origin, port)
 * and on the shopper's language cookie, none of which getStaticProps can see. In front of Next
 * the key can hold all of that, and the nonce is replaced on every serve.
 *
 * Correct for every shopper:
 *  - key = scheme (X-Forwarded-Proto) | Host | path and query | the `sokoni_lang_*` cookies
 *    (the only cookies these pages read on the server: lib/store-page.ts);
 *  - cookies the pages never read on the server (cart token, cart count, shopper session: the
 *    cart badge is filled in the browser by an island) are ignored; any other `sokoni_*` cookie
 *    (flash messages, an owner session, anything new) bypasses the cache;
 *  - only pages that say so are stored: lib/store-page.ts sets x-sokoni-page-store on a found,
 *    non-personal page; a 200 text/html answer, not no-store, no Set-Cookie but the language one
 *    (the same for every visitor of a `?lang=` URL);
 *  - the nonce of the stored copy is swapped for a fresh one in the HTML and the CSP header on
 *    every serve; the correlation id is this request's;
 *  - a render that started before a purge of its store is not stored (it may hold old data).
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { gunzipSync, gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** Response header: HIT, MISS (rendered and stored if it qualifies), BYPASS (not looked up). */
export const CACHE_STATUS_HEADER = 'x-sokoni-page-cache';
/** Response header set by lib/store-page.ts: "this page may be shared; it belongs to this store". */
const PAGE_STORE_HEADER = 'x-sokoni-page-store';
/** Request header of the seo worker's warm-up: render now and store, whatever is cached. */
export const WARM_HEADER = 'x-sokoni-cache-warm';

/** `/s/<slug>` (path form) or nothing (host form), then home, a category, a product or an area. */
const PAGE_PATH_RE = /^(?:\/s\/[a-z0-9-]{1,63})?(?:\/|\/(?:c|products|areas)\/[^/?]+)?$/;
const NONCE_IN_CSP_RE = /'nonce-([A-Za-z0-9+/]{22}==)'/;
/** Headers that belong to one response, never replayed. */
const PER_RESPONSE = new Set([
  'date',
  'etag',
  'content-length',
  'content-encoding',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'x-request-id',
  PAGE_STORE_HEADER,
  CACHE_STATUS_HEADER,
]);
const MAX_ENTRY_BYTES = 1024 * 1024;
const SUMMARY_EVERY_MS = 60_000;

function cookieNames(header) {
  const out = [];
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.push([part.slice(0, i).trim(), part.slice(i + 1).trim()]);
  }
  return out;
}

/** The cookie part of the key, or null when a cookie the pages might read makes this request personal. */
function cookieKey(header) {
  const lang = [];
  for (const [name, value] of cookieNames(header)) {
    if (!name.startsWith('sokoni_')) continue;
    if (name.startsWith('sokoni_lang_')) lang.push(`${name}=${value}`);
    else if (!/^sokoni_(cart|cart_n|shopper)_/.test(name)) return null;
  }
  return lang.sort().join(';');
}

function headerValue(value) {
  return Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
}

/**
 * @param {{ ttlSeconds: number, maxBytes: number, warmSecret?: string, platformDomain: string, log: (level: string, msg: string, fields?: object) => void }} options
 */
export function createPageCache({ ttlSeconds, maxBytes, warmSecret, platformDomain, log }) {
  /** A store subdomain or a custom domain (proxy.ts decides which store, or answers 404). */
  const isStoreHost = (hostHeader) => {
    const name = hostHeader.replace(/:\d+$/, '').replace(/\.$/, '');
    if (!name || name === platformDomain || name === `www.${platformDomain}`) return false;
    return !isIP(name.replace(/^\[|\]$/g, ''));
  };
  /** key -> { store, parts: Buffer[], headers: [string, string][], nonce, bytes, storedAt, expires } */
  const entries = new Map();
  let bytes = 0;
  let purgeSeq = 0;
  let purgedAllAt = 0;
  /** store slug -> purgeSeq of its last purge */
  const storePurgedAt = new Map();
  const counts = { hit: 0, miss: 0, bypass: 0, stored: 0, purges: 0, evicted: 0 };
  let reported = '';

  const summary = setInterval(() => {
    const line = JSON.stringify(counts);
    if (line === reported) return;
    reported = line;
    log('info', 'page cache', { ...counts, entries: entries.size, bytes });
  }, SUMMARY_EVERY_MS);
  summary.unref();

  function drop(key) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  /** The key; undefined: not a cached kind of page; null: a cached kind, but personal for this request. */
  function keyOf(req) {
    if (req.method !== 'GET') return undefined;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q >= 0 ? url.slice(0, q) : url;
    if (!PAGE_PATH_RE.test(pathname)) return undefined;
    const host = String(req.headers.host ?? '').toLowerCase();
    // Without /s/<slug> a page is a store's only on its own host: not the platform's landing page.
    if (!pathname.startsWith('/s/') && !isStoreHost(host)) return undefined;
    const cookies = cookieKey(req.headers.cookie);
    if (cookies === null) return null;
    // This server speaks plain http: no header means http (HSTS is set only for https).
    const proto =
      String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]
        .trim()
        .toLowerCase() || 'http';
    return `${proto}|${host}|${url}|${cookies}`;
  }

  /** Purges the pages of the revalidated tags: any tag of a store drops the whole store (lists show prices too). */
  function purge(tags) {
    const stores = new Set();
    let all = false;
    for (const tag of tags) {
      const m = /^(?:store|product):([a-z0-9-]+)/.exec(tag);
      if (m) stores.add(m[1]);
      else all = true; // `areas`, or anything new: every page
    }
    purgeSeq++;
    let dropped = 0;
    if (all) {
      purgedAllAt = purgeSeq;
      dropped = entries.size;
      entries.clear();
      bytes = 0;
    } else {
      for (const store of stores) storePurgedAt.set(store, purgeSeq);
      for (const [key, entry] of entries)
        if (stores.has(entry.store)) {
          drop(key);
          dropped++;
        }
    }
    counts.purges++;
    log('info', 'page cache purged', { tags, stores: [...stores], all, dropped });
  }

  function store(key, startedSeq, res, chunks) {
    const storeSlug = headerValue(res.getHeader(PAGE_STORE_HEADER));
    if (!storeSlug || res.statusCode !== 200) return;
    if ((storePurgedAt.get(storeSlug) ?? 0) > startedSeq || purgedAllAt > startedSeq) return;
    if (!/^text\/html/.test(headerValue(res.getHeader('content-type')) ?? '')) return;
    // A language cookie's page is `private` for shared caches, but the cookie is part of our key.
    if (/no-store/.test(headerValue(res.getHeader('cache-control')) ?? 'no-store')) return;
    // The miss went to the shopper as Next sent it (gzip for a client that takes it); the stored
    // copy is the plain HTML, for the nonce swap.
    const encoding = headerValue(res.getHeader('content-encoding'));
    if (encoding && encoding !== 'gzip') return;
    const setCookie = res.getHeader('set-cookie');
    const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [String(setCookie)];
    if (!cookies.every((c) => c.startsWith('sokoni_lang_'))) return;
    const nonce = NONCE_IN_CSP_RE.exec(headerValue(res.getHeader('content-security-policy')) ?? '')?.[1];
    if (!nonce) return;
    let body = Buffer.concat(chunks);
    if (encoding === 'gzip') {
      try {
        body = gunzipSync(body, { maxOutputLength: MAX_ENTRY_BYTES + 1 });
      } catch {
        return; // cut short or over the bound: not stored
      }
    }
    if (body.length > MAX_ENTRY_BYTES) return;
    const parts = [];
    const needle = Buffer.from(nonce);
    for (let from = 0; ;) {
      const at = body.indexOf(needle, from);
      parts.push(body.subarray(from, at < 0 ? body.length : at));
      if (at < 0) break;
      from = at + needle.length;
    }
    const headers = [];
    for (const name of res.getHeaderNames()) if (!PER_RESPONSE.has(name)) headers.push([name, res.getHeader(name)]);
    const size = body.length + 512;
    drop(key);
    const now = Date.now();
    entries.set(key, {
      store: storeSlug,
      parts,
      headers,
      nonce,
      bytes: size,
      storedAt: now,
      expires: now + ttlSeconds * 1000,
    });
    bytes += size;
    counts.stored++;
    for (const [oldest] of entries) {
      if (bytes <= maxBytes) break;
      drop(oldest);
      counts.evicted++;
    }
  }

  async function serveHit(req, res, entry) {
    const nonce = randomBytes(16).toString('base64');
    const body = Buffer.concat(entry.parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(nonce), p])));
    res.statusCode = 200;
    for (const [name, value] of entry.headers)
      res.setHeader(
        name,
        Array.isArray(value)
          ? value.map((v) => v.split(entry.nonce).join(nonce))
          : String(value).split(entry.nonce).join(nonce),
      );
    res.setHeader('x-request-id', req.headers['x-request-id']);
    res.setHeader(CACHE_STATUS_HEADER, 'HIT');
    res.setHeader('age', String(Math.floor((Date.now() - entry.storedAt) / 1000)));
    const vary = headerValue(res.getHeader('vary'));
    if (!/accept-encoding/i.test(vary ?? ''))
      res.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    // What Next would do: compress for a client that takes gzip (level 1: cheap, most of the gain).
    const out = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? await gzip(body, { level: 1 }) : body;
    if (out !== body) res.setHeader('content-encoding', 'gzip');
    res.setHeader('content-length', String(out.length));
    res.end(out);
  }

  /**
   * Answers the request from the cache (true), or prepares it for Next and stores what Next
   * answers (false: the caller hands it to Next).
   */
  async function handle(req, res) {
    const key = keyOf(req);
    const warm = warmSecret && req.headers[WARM_HEADER] === warmSecret;
    delete req.headers[WARM_HEADER];
    if (key === undefined) return false;
    if (key === null) {
      res.setHeader(CACHE_STATUS_HEADER, 'BYPASS');
      counts.bypass++;
      return false;
    }
    const entry = warm ? undefined : entries.get(key);
    if (entry && entry.expires > Date.now()) {
      // LRU: most recently used last.
      entries.delete(key);
      entries.set(key, entry);
      counts.hit++;
      await serveHit(req, res, entry);
      return true;
    }
    if (entry) drop(key);
    counts.miss++;
    res.setHeader(CACHE_STATUS_HEADER, 'MISS');
    // The shopper's accept-encoding stays: a miss is sent compressed as Next sends it (a cheap
    // phone on 4G pays for every byte; a storefront page is ~50 KB plain, ~14 KB gzip), and
    // store() keeps the plain copy.
    const startedSeq = purgeSeq;
    const chunks = [];
    let size = 0;
    const write = res.write;
    const end = res.end;
    const keep = (chunk, encoding) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_ENTRY_BYTES) return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = function (chunk, encoding, cb) {
      keep(chunk, encoding);
      return write.call(this, chunk, encoding, cb);
    };
    res.end = function (chunk, encoding, cb) {
      keep(chunk, encoding);
      try {
        store(key, startedSeq, res, chunks);
      } catch (error) {
        log('warn', 'page cache: not stored', { err: error?.message });
      }
      if (!res.headersSent) res.removeHeader(PAGE_STORE_HEADER);
      return end.call(this, chunk, encoding, cb);
    };
    return false;
  }

  return {
    handle,
    purge,
    /** For the revalidate route's answer and tests. */
    stats: () => ({ ...counts, entries: entries.size, bytes }),
  };
}
