#!/usr/bin/env node
// What a shopper's phone downloads per storefront page, from a running server:
//   node apps/web/scripts/page-weight.mjs http://127.0.0.1:3000/s/nairobi-gadgets [more URLs...]
// Next 16's build output no longer prints per-route sizes, and storefront pages ship no
// framework chunks at all (pages/_document.tsx), so this reads the served HTML instead:
// document size, external scripts (fetched and measured), inline scripts (islands) and
// inline CSS, raw and gzipped. JSON-LD is data, not JavaScript, and is counted separately.
import { gzipSync } from 'node:zlib';

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: page-weight.mjs <url> [url...]');
  process.exit(2);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (s) => gzipSync(Buffer.from(s)).length;

const rows = [];
for (const url of urls) {
  const res = await fetch(url);
  const html = await res.text();
  let inlineJs = '';
  let jsonLd = '';
  const external = [];
  for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    const src = /\ssrc="([^"]+)"/.exec(attrs)?.[1];
    if (src) external.push(new URL(src, url).toString());
    else if (/application\/ld\+json/.test(attrs)) jsonLd += m[2];
    else if (!/type="application\/json"/.test(attrs)) inlineJs += m[2];
  }
  let externalRaw = 0;
  let externalGz = 0;
  for (const src of external) {
    const body = await (await fetch(src)).text();
    externalRaw += Buffer.byteLength(body);
    externalGz += gz(body);
  }
  const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('');
  rows.push({
    url: new URL(url).pathname + new URL(url).search,
    status: res.status,
    html: `${kb(Buffer.byteLength(html))} (${kb(gz(html))} gz)`,
    'external JS': `${external.length} files, ${kb(externalRaw)} (${kb(externalGz)} gz)`,
    'inline JS': `${kb(Buffer.byteLength(inlineJs))} (${kb(inlineJs ? gz(inlineJs) : 0)} gz)`,
    'JS total gz': kb(externalGz + (inlineJs ? gz(inlineJs) : 0)),
    'inline CSS gz': kb(css ? gz(css) : 0),
    'JSON-LD': kb(Buffer.byteLength(jsonLd)),
  });
}
console.table(rows);
