// The optional tracing backend in docker-compose.yml (docs/operate/traces.md), checked without a
// Docker engine: Jaeger in its own profile, reachable by OTLP/HTTP, and the api, worker and web
// all given the same OTEL_EXPORTER_OTLP_ENDPOINT (empty by default = tracing off).
// Run alone: node --import tsx --test tests/ops/tracing-compose.test.ts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number | string; published?: number | string })[];
  healthcheck?: { test?: string | string[] };
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };

function env(name: string): Record<string, string> {
  const e = compose.services[name]?.environment ?? {};
  if (Array.isArray(e)) return Object.fromEntries(e.map((kv) => [kv.split('=')[0]!, kv.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v ?? '')]));
}

test('jaeger runs only in the tracing profile, with OTLP/HTTP and its UI on loopback', () => {
  const jaeger = compose.services.jaeger;
  assert.ok(jaeger, 'a jaeger service');
  assert.match(jaeger.image ?? '', /^jaegertracing\/all-in-one:\d+\.\d+\.\d+$/, 'a pinned image');
  assert.deepEqual(jaeger.profiles, ['tracing'], 'never started by a plain `docker compose up`');
  const ports = (jaeger.ports ?? []).map(String);
  assert.ok(ports.includes('127.0.0.1:16686:16686'), 'UI on loopback');
  assert.ok(ports.includes('127.0.0.1:4318:4318'), 'OTLP/HTTP on loopback');
  assert.equal(env('jaeger').COLLECTOR_OTLP_ENABLED, 'true');
  assert.ok(jaeger.healthcheck?.test, 'a healthcheck');
});

test('api, worker and web take the same OTLP endpoint, empty (off) unless set', () => {
  for (const name of ['api', 'worker', 'web']) {
    const e = env(name);
    assert.equal(
      e.OTEL_EXPORTER_OTLP_ENDPOINT,
      '${OTEL_EXPORTER_OTLP_ENDPOINT:-}',
      `${name}: endpoint from .env, default empty`,
    );
    assert.ok('OTEL_EXPORTER_OTLP_HEADERS' in e, `${name}: headers for a hosted backend`);
  }
  // None of the core services depends on jaeger: tracing off must not change how the stack starts.
  for (const [name, service] of Object.entries(compose.services)) {
    const deps = (service as { depends_on?: string[] | Record<string, unknown> }).depends_on ?? [];
    const names = Array.isArray(deps) ? deps : Object.keys(deps);
    assert.ok(!names.includes('jaeger'), `${name} must not depend on jaeger`);
  }
});

test('the documented command points the services at the jaeger service on its OTLP/HTTP port', () => {
  const text = read('docker-compose.yml');
  assert.match(text, /OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/jaeger:4318 docker compose --profile tracing up/);
  const doc = read('docs/operate/traces.md');
  assert.match(doc, /OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/jaeger:4318 docker compose --profile tracing up/);
  assert.match(read('.env.example'), /^OTEL_EXPORTER_OTLP_ENDPOINT=$/m, 'documented in .env.example, empty');
});
