// Tracing off costs nothing (docs/operate/traces.md): with OTEL_EXPORTER_OTLP_ENDPOINT unset, the
// API's and the web's tracing files load no OpenTelemetry SDK module and register no provider;
// with it set, they do. Checked in fresh Node processes on the built files (no server started).
// Run alone: node --import tsx --test tests/ops/tracing-off.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Runs a script in a fresh process with only `env` (plus PATH) and returns its JSON output. */
function probe(script: string, env: Record<string, string>, cwd = ROOT): { sdkModules: number; provider: string } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { sdkModules: number; provider: string };
}

const PRELUDE = `const { createRequire } = await import('node:module');
const require = createRequire(process.cwd() + '/');`;
/** What got loaded (CommonJS modules of the SDK) and which tracer provider is registered. */
const REPORT = `
const api = require('@opentelemetry/api');
const sdkModules = Object.keys(require.cache).filter((k) => /@opentelemetry\\/(sdk-|exporter-|instrumentation)/.test(k)).length;
const provider = api.trace.getTracerProvider().getDelegate().constructor.name;`;

const API = `${PRELUDE} require('./apps/api/dist/tracing.js'); ${REPORT} console.log(JSON.stringify({ sdkModules, provider }));`;

test('API/worker: endpoint unset -> no SDK module loaded, the no-op provider', () => {
  const off = probe(API, {});
  assert.equal(off.sdkModules, 0);
  assert.equal(off.provider, 'NoopTracerProvider');
  const disabled = probe(API, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SDK_DISABLED: 'true' });
  assert.equal(disabled.sdkModules, 0, 'OTEL_SDK_DISABLED=true wins over an endpoint');
});

test('API/worker: endpoint set -> the SDK and its instrumentations are loaded and registered', () => {
  const on = probe(API, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
  assert.ok(on.sdkModules > 0, `${on.sdkModules} SDK modules`);
  assert.equal(on.provider, 'NodeTracerProvider');
});

test('web: startTracing() is null and registers nothing when the endpoint is unset', () => {
  const web = (after: string) =>
    `${PRELUDE} const { startTracing } = await import('./tracing.mjs'); const t = await startTracing(); ${REPORT}
     console.log(JSON.stringify({ on: t !== null, provider })); ${after}`;
  const cwd = path.join(ROOT, 'apps/web');
  const off = probe(web(''), {}, cwd) as { provider: string; on?: boolean };
  assert.equal(off.on, false);
  assert.equal(off.provider, 'NoopTracerProvider');
  const on = probe(web('await t.shutdown();'), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, cwd) as {
    provider: string;
    on?: boolean;
  };
  assert.equal(on.on, true);
  assert.equal(on.provider, 'NodeTracerProvider');
});
