// docker-compose.yml's blue/green block and the nginx include it relies on, checked without a
// Docker engine (parsed with yaml, like tests/compose.test.ts). docs/operate/deploy.md explains them.
// Run alone: node --import tsx --test tests/ops/bluegreen-compose.test.ts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { upstreamConf } from '../../ops/deploy/switch.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, unknown>;
  volumes?: string[];
  healthcheck?: { test?: string[] | string };
  stop_grace_period?: string;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  assert.ok(services[name], `docker-compose.yml has no service ${name}`);
  return services[name];
};
const seconds = (d: string | undefined) => Number(/^(\d+)s$/.exec(d ?? '')?.[1] ?? NaN);

describe('images are tagged by version', () => {
  test('api, worker and migrate share sokoni/api:${IMAGE_TAG}; web is sokoni/web:${IMAGE_TAG}', () => {
    for (const name of ['api', 'worker', 'migrate'])
      assert.equal(service(name).image, 'sokoni/api:${IMAGE_TAG:-local}');
    assert.equal(service('web').image, 'sokoni/web:${IMAGE_TAG:-local}');
  });
});

describe('two colours behind nginx-bluegreen', () => {
  for (const colour of ['blue', 'green']) {
    const TAG = `\${${colour.toUpperCase()}_TAG:-local}`;
    test(`${colour}: api, worker and web on ${TAG}, in the bluegreen profile`, () => {
      const api = service(`api-${colour}`);
      const worker = service(`worker-${colour}`);
      const web = service(`web-${colour}`);
      for (const s of [api, worker, web]) assert.deepEqual(s.profiles, ['bluegreen']);
      assert.equal(api.image, `sokoni/api:${TAG}`);
      assert.equal(worker.image, `sokoni/api:${TAG}`);
      assert.equal(web.image, `sokoni/web:${TAG}`);
      // Same settings as the single-colour api (one database, one Redis, same secrets).
      assert.deepEqual(api.environment, service('api').environment);
      assert.deepEqual(worker.environment, service('api').environment);
      assert.deepEqual(worker.command, ['node', 'apps/api/dist/worker.main.js']);
      assert.equal(web.environment?.API_URL, `http://api-${colour}:4000`, 'a colour web calls its own api');
      // The switch waits for readiness, not just liveness.
      assert.match(JSON.stringify(api.healthcheck?.test), /\/readyz/);
      // Not published on host ports: only nginx reaches them (both colours would collide).
      for (const s of [api, worker, web]) assert.equal(s.ports, undefined);
      // Draining needs longer than the app's own grace period (SHUTDOWN_GRACE_MS, 10 s).
      for (const s of [api, worker, web]) assert.ok(seconds(s.stop_grace_period) > 10, 'stop_grace_period > 10s');
      assert.equal(api.depends_on?.postgres?.condition, 'service_healthy');
      assert.equal(api.depends_on?.migrate, undefined, 'migrations are the switch’s first step, not a dependency');
    });
  }

  test('nginx-bluegreen mounts the shared nginx.conf and the upstream directory', () => {
    const nginx = service('nginx-bluegreen');
    assert.deepEqual(nginx.profiles, ['bluegreen']);
    const mounts = nginx.volumes ?? [];
    assert.ok(mounts.includes('./ops/nginx/nginx.conf:/etc/nginx/nginx.conf:ro'));
    // A directory, not the file: switch.mjs replaces live.conf by rename, which a file mount would not show.
    assert.ok(mounts.includes('./ops/nginx/upstream:/etc/nginx/sokoni-upstream:ro'));
  });

  test('nginx.conf: defaults first, then the live colour overrides them; /nginx-colour reports it', () => {
    const conf = read('ops/nginx/nginx.conf');
    const include = conf.indexOf('include /etc/nginx/sokoni-upstream/*.conf;');
    assert.ok(include > 0, 'the upstream include');
    assert.ok(conf.indexOf('set $api_upstream api:4000;') < include);
    assert.ok(conf.indexOf('set $sokoni_colour single;') < include);
    assert.match(conf, /location = \/nginx-colour \{[^}]*return 200 "\$sokoni_colour\\n";/);
  });

  test('the upstream file the switch writes names services that exist', () => {
    const text = upstreamConf('green', { api: 'api-green:4000', web: 'web-green:3000', tag: '2026.12.2' });
    assert.match(text, /^set \$sokoni_colour green;$/m);
    for (const match of text.matchAll(/^set \$(api|web)_upstream ([a-z-]+):(\d+);$/gm)) {
      service(match[2]!);
      assert.equal(match[3], match[1] === 'api' ? '4000' : '3000');
    }
    assert.equal([...text.matchAll(/_upstream /g)].length, 2);
  });
});
