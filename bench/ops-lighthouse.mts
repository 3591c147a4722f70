// `npm run ops:lighthouse`: the scheduled PageSpeed check of docs/operate/alerts.md. Runs
// Lighthouse (mobile, simulated slow 4G, as PageSpeed Insights does) on each store's home page
// and one product page, and writes the scores as a node-exporter textfile-collector file, which
// Prometheus scrapes through node-exporter (alert SokoniPageSpeedBelow90: performance < 90).
//
//   npm run ops:lighthouse -- --base-url https://sokoni.example --stores nairobi-gadgets,saa-bora \
//     --out-dir /var/lib/node-exporter/textfile
//
// Options (or environment):
//   --base-url   LIGHTHOUSE_BASE_URL    where the web answers (default http://127.0.0.1:3000);
//                                       pages are <base>/s/<store> and <base>/s/<store>/products/<p>
//   --stores     LIGHTHOUSE_STORES      comma-separated store slugs (required)
//   --out-dir    LIGHTHOUSE_TEXTFILE_DIR the textfile collector directory (default ./var/lighthouse)
//   --categories LIGHTHOUSE_CATEGORIES  default performance,accessibility,best-practices,seo
//   --keep-json  LIGHTHOUSE_KEEP_JSON   also keep every raw result as <dir>/<store>-<page>.json
//   --from-json  <dir>                  do not run Lighthouse: export <dir>/<store>-<page>.json
//                                       (results saved by --keep-json, or from PageSpeed Insights)
// The product page is the first /products/ URL in the store's sitemap.xml (else on its home page).
// Exit 0 when the file was written (a page that failed is exported as run_success 0), 2 on bad
// options, 1 when nothing could be measured.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LighthouseRunner, lighthouseNode } from './lib/lighthouse-runner.mts';
import { toPrometheusText, writeTextfile, type LighthouseResult, type PageResult } from './lib/lighthouse-export.mts';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    stores: { type: 'string' },
    'out-dir': { type: 'string' },
    categories: { type: 'string' },
    'keep-json': { type: 'string' },
    'from-json': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`ops:lighthouse: ${message}\n`);
  process.exit(2);
}

const baseUrl = (values['base-url'] ?? process.env.LIGHTHOUSE_BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const stores = (values.stores ?? process.env.LIGHTHOUSE_STORES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const outDir = path.resolve(values['out-dir'] ?? process.env.LIGHTHOUSE_TEXTFILE_DIR ?? 'var/lighthouse');
const categories = (
  values.categories ??
  process.env.LIGHTHOUSE_CATEGORIES ??
  'performance,accessibility,best-practices,seo'
)
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const keepJson = values['keep-json'] ?? process.env.LIGHTHOUSE_KEEP_JSON;
const fromJson = values['from-json'];
const CHROME_PATH = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!stores.length) fail('no stores: pass --stores a,b or set LIGHTHOUSE_STORES');
for (const store of stores) if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(store)) fail(`not a store slug: "${store}"`);
if (!/^https?:\/\//.test(baseUrl)) fail(`--base-url must be http(s)://..., got "${baseUrl}"`);
if (fromJson && !existsSync(fromJson)) fail(`--from-json directory ${fromJson} does not exist`);

/** The first product page of a store: from its sitemap, else from its home page. */
async function productUrl(store: string): Promise<string | null> {
  for (const source of [`${baseUrl}/s/${store}/sitemap.xml`, `${baseUrl}/s/${store}`]) {
    try {
      const res = await fetch(source, { signal: AbortSignal.timeout(15_000) });
      if (!res.ok) continue;
      const match = /\/products\/([A-Za-z0-9._~%-]+)/.exec(await res.text());
      if (match) return `${baseUrl}/s/${store}/products/${match[1]}`;
    } catch {
      // next source
    }
  }
  return null;
}

const results: PageResult[] = [];
const started = Date.now();
if (fromJson) {
  for (const store of stores)
    for (const page of ['home', 'product']) {
      const file = path.join(fromJson, `${store}-${page}.json`);
      if (!existsSync(file)) {
        results.push({ store, page, url: '', error: `no ${file}` });
        continue;
      }
      const lhr = JSON.parse(await readFile(file, 'utf8')) as LighthouseResult & {
        lighthouseResult?: LighthouseResult;
      };
      // A PageSpeed Insights API answer wraps the result in lighthouseResult.
      const result = lhr.lighthouseResult ?? lhr;
      results.push({ store, page, url: result.finalDisplayedUrl ?? '', lhr: result });
    }
} else {
  const runner = new LighthouseRunner(lighthouseNode(), { chromePath: CHROME_PATH, categories });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sokoni-ops-lighthouse-'));
  const stop = () => {
    void runner.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for (const store of stores) {
      const pages: [string, string | null][] = [
        ['home', `${baseUrl}/s/${store}`],
        ['product', await productUrl(store)],
      ];
      for (const [page, url] of pages) {
        if (!url) {
          results.push({ store, page, url: '', error: 'no product page found (sitemap.xml and home page)' });
          continue;
        }
        const out = path.join(tmp, `${store}-${page}.json`);
        try {
          const lhr = (await runner.run(url, out)) as unknown as LighthouseResult;
          results.push({ store, page, url, lhr });
          if (keepJson) {
            await mkdir(keepJson, { recursive: true });
            await writeFile(path.join(keepJson, `${store}-${page}.json`), JSON.stringify(lhr));
          }
        } catch (error) {
          results.push({ store, page, url, error: (error as Error).message });
        }
      }
    }
  } finally {
    await runner.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

const file = await writeTextfile(outDir, toPrometheusText(results));
const summary = results.map((r) => ({
  store: r.store,
  page: r.page,
  url: r.url,
  ...(r.lhr && !r.error
    ? {
        scores: Object.fromEntries(
          Object.entries(r.lhr.categories).map(([id, c]) => [id, c.score === null ? null : Math.round(c.score * 100)]),
        ),
      }
    : { error: r.error ?? r.lhr?.runtimeError?.message }),
}));
process.stdout.write(
  `${JSON.stringify({ msg: 'lighthouse exported', file, seconds: Math.round((Date.now() - started) / 1000), pages: summary })}\n`,
);
process.exit(results.some((r) => r.lhr && !r.error) ? 0 : 1);
