import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#1a1a1a}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
details{border:1px solid #e3e3e3;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer;overflow-wrap:anywhere}code,pre{font:13px/1.4 ui-monospace,monospace}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:420px}
.m{display:inline-block;min-width:4.2em;font-weight:700}.get{color:#0a6}.post{color:#06c}.put,.patch{color:#a60}.delete{color:#c22}
.p{color:#555;font-size:13px}`;

/** The docs page's Content-Security-Policy: no script at all, only this one style block. */
export const DOCS_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'`;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const pretty = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

/**
 * A readable, server-rendered page of the OpenAPI document (no viewer script, nothing from a CDN,
 * so it works offline and under the API's strict CSP): operations by tag, each opening to its
 * parameters, body and answers as JSON Schema.
 */
export function renderDocsPage(document: Json): string {
  const info = document.info as { title: string; version: string; description: string };
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags as string[])[0] ?? 'Other';
      const parts = [
        typeof op.description === 'string' ? `<p>${escape(op.description)}</p>` : '',
        op.security ? '<p class="p">Auth: owner token or API key (Bearer)</p>' : '',
        (op.parameters as Json[]).length ? `<h4>Parameters</h4>${pretty(op.parameters)}` : '',
        op.requestBody ? `<h4>Body</h4>${pretty((op.requestBody as { content: Json }).content)}` : '',
        `<h4>Answers</h4>${pretty(op.responses)}`,
      ];
      const entry = `<details id="${escape(String(op.operationId))}"><summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code> <span class="p">${escape(String(op.summary))}</span></summary>${parts.join('')}</details>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
    }
  }
  const sections = [...byTag.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, entries]) => `<h2>${escape(tag)}</h2>${entries.join('')}`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(info.title)} reference</title><style>${STYLE}</style></head><body><h1>${escape(info.title)} ${escape(info.version)}</h1><p>${escape(info.description)}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${sections}</body></html>`;
}
