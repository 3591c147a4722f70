// docker-compose.yml, the Dockerfiles and ops/ (nginx, Prometheus, Grafana) checked without a
// Docker engine: the files are parsed and held to what the services really need (DESIGN.md §8).
// Run alone: node --import tsx --test tests/compose.test.ts
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseDocument } from 'yaml';
import { SECRET_VARIABLES } from '@sokoni/contracts';
import { loadConfig, productionSecretProblems } from '../apps/api/dist/config/config.js';
import { metricNames } from './helpers/promql.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

type PortSpec = string | number | { target: number | string; published?: number | string };
type DependsOn = string[] | Record<string, { condition?: string }>;
interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: PortSpec[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  depends_on?: DependsOn;
  healthcheck?: Healthcheck;
  profiles?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml')) as Compose;
const services = compose.services;

const CORE = ['web', 'api', 'worker', 'sandbox', 'postgres', 'redis'] as const;
/** Metrics the API really exports (apps/api/src/platform/metrics.ts, queue-metrics.ts) + Prometheus' up. */
const KNOWN_METRICS = new Set([
  'http_request_duration_seconds_bucket',
  'http_request_duration_seconds_count',
  'http_request_duration_seconds_sum',
  'bullmq_queue_jobs',
  'up',
  'http_rate_limited_total',
  // M-Pesa (tests/api/payments.test.ts checks the API serves these).
  'mpesa_reconciliation_lag_seconds',
  'mpesa_callbacks_flagged_24h',
  'mpesa_stk_success_ratio',
  'mpesa_payments_24h',
  'mpesa_stk_requests_total',
]);

function service(name: string): Service {
  const s = services[name];
  assert.ok(s, `docker-compose.yml has no service "${name}"`);
  return s;
}

/**
 * Compose interpolation with every variable unset: ${X:-default} -> default, $$ -> $. A required
 * ${X:?message} (compose would stop) stands in as <X>.
 */
function withDefaults(value: string): string {
  return interpolate(value, {});
}

/** Compose interpolation with these variables set (as from .env); a missing ${X:?...} -> <X>. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
      (_m, name: string, op: string | undefined, arg: string | undefined) => {
        const set = vars[name];
        if (op?.endsWith('?')) return set ?? `<${name}>`;
        return set !== undefined && !(op === ':-' && set === '') ? set : (arg ?? '');
      },
    )
    .replace(/\$\$/g, '$');
}

/** Every ${NAME...} reference in a compose value: the name, the operator (:- - :? ?) and its argument. */
function references(value: string): { name: string; op: string; arg: string }[] {
  return [...value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g)].map((m) => ({
    name: m[1]!,
    op: m[2] ?? '',
    arg: m[3] ?? '',
  }));
}

/** Short ("[ip:]host:container[/proto]") and long port syntax -> { published, target }. */
function portMappings(svc: Service): { published: number | null; target: number }[] {
  return (svc.ports ?? []).map((spec) => {
    if (typeof spec === 'object') {
      return {
        target: Number(spec.target),
        published: spec.published === undefined ? null : Number(withDefaults(String(spec.published))),
      };
    }
    const text = withDefaults(String(spec)).replace(/\/(tcp|udp)$/, '');
    const cut = text.lastIndexOf(':');
    if (cut < 0) return { target: Number(text), published: null };
    const hostPart = text.slice(0, cut);
    return { target: Number(text.slice(cut + 1)), published: Number(hostPart.slice(hostPart.lastIndexOf(':') + 1)) };
  });
}

function dependencies(svc: Service): Record<string, string | undefined> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, spec]) => [name, spec?.condition]));
}

function envNames(svc: Service): string[] {
  const env = svc.environment ?? {};
  return Array.isArray(env) ? env.map((entry) => entry.split('=')[0]!.trim()) : Object.keys(env);
}

function commandText(svc: Service): string {
  return Array.isArray(svc.command) ? svc.command.join(' ') : (svc.command ?? '');
}

function healthText(svc: Service): string {
  const t = svc.healthcheck?.test;
  return Array.isArray(t) ? t.join(' ') : (t ?? '');
}

/** .dockerignore semantics (last matching line wins, "!" re-includes, a match covers subpaths). */
function dockerIgnored(relPath: string, patterns: string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const source = pattern
      .split('/')
      .map((part) =>
        part === '**'
          ? '.*'
          : part
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/')
      .replace(/\.\*\//g, '(?:.*/)?');
    if (new RegExp(`^${source}(?:/.*)?$`).test(relPath)) ignored = !negate;
  }
  return ignored;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

describe('docker-compose.yml', () => {
  test('defines the core services and the one-shot migrate', () => {
    for (const name of [...CORE, 'migrate']) service(name);
  });

  test('core services start without a profile; optional ones sit behind theirs', () => {
    for (const name of [...CORE, 'migrate'])
      assert.equal(service(name).profiles, undefined, `${name} must start on plain "docker compose up"`);
    const expected: Record<string, string> = {
      nginx: 'edge',
      adminer: 'tools',
      prometheus: 'observability',
      grafana: 'observability',
    };
    for (const [name, profile] of Object.entries(expected)) {
      assert.deepEqual(service(name).profiles, [profile], `${name} belongs to profile "${profile}"`);
    }
  });

  test('web, api and sandbox publish 3000, 4000 and 4010 on the same host ports', () => {
    for (const [name, port] of [
      ['web', 3000],
      ['api', 4000],
      ['sandbox', 4010],
    ] as const) {
      const mappings = portMappings(service(name));
      assert.ok(
        mappings.some((m) => m.target === port && m.published === port),
        `${name} must publish ${port}:${port}, has ${JSON.stringify(service(name).ports)}`,
      );
    }
  });

  test('postgres is version 15 or newer, with a data volume', () => {
    const image = withDefaults(service('postgres').image ?? '');
    const match = /^(?:docker\.io\/)?(?:library\/)?postgres:(\d+)/.exec(image);
    assert.ok(match, `postgres image must be postgres:<major>..., got "${image}"`);
    assert.ok(Number(match[1]) >= 15, `postgres major ${match[1]} < 15`);
    const volumes = (service('postgres').volumes ?? []).map((v) =>
      typeof v === 'string' ? v : `${v.source}:${v.target}`,
    );
    assert.ok(
      volumes.some((v) => v.split(':')[1] === '/var/lib/postgresql/data'),
      'postgres data must live on a volume',
    );
  });

  test('every long-running service has a real healthcheck', () => {
    for (const name of [...CORE, 'nginx', 'adminer', 'prometheus', 'grafana']) {
      const hc = service(name).healthcheck;
      assert.ok(hc && !hc.disable, `${name} needs a healthcheck`);
      assert.ok(
        Array.isArray(hc.test) && hc.test.length >= 2,
        `${name}: healthcheck.test must be ["CMD"|"CMD-SHELL", ...]`,
      );
      assert.ok(['CMD', 'CMD-SHELL'].includes(hc.test[0]!), `${name}: healthcheck.test starts with CMD or CMD-SHELL`);
      assert.match(hc.interval ?? '', /^\d+(ms|s|m)$/, `${name}: healthcheck.interval`);
      assert.ok((hc.retries ?? 0) >= 1, `${name}: healthcheck.retries`);
    }
    assert.match(healthText(service('api')), /:4000\/readyz/, 'api health = readiness (Postgres + Redis)');
    assert.match(healthText(service('sandbox')), /:4010\/healthz/);
    assert.match(healthText(service('web')), /:3000\/['"]/);
    assert.match(healthText(service('postgres')), /pg_isready/);
    assert.match(healthText(service('redis')), /redis-cli ping/);
    const worker = healthText(service('worker'));
    assert.match(worker, /REDIS_URL/, 'worker health must reach Redis, not just exit 0');
    assert.match(worker, /heartbeat/, 'worker health checks the heartbeat the worker writes');
  });

  test('worker runs worker.main.js from the api image; migrate runs scripts/db.mjs from it too', () => {
    const api = service('api');
    const worker = service('worker');
    const migrate = service('migrate');
    assert.ok(api.image, 'api names its image so worker and migrate can reuse it');
    assert.ok(api.build, 'api builds the image');
    assert.equal(worker.image, api.image);
    assert.equal(migrate.image, api.image);
    assert.equal(worker.build, undefined, 'one build for api, worker and migrate');
    assert.match(commandText(worker), /\bnode\b.*apps\/api\/dist\/worker\.main\.js/);
    assert.equal(worker.ports, undefined, 'the worker has no HTTP');
    assert.match(commandText(migrate), /node scripts\/db\.mjs migrate/);
    assert.match(commandText(migrate), /node scripts\/db\.mjs seed/);
    assert.equal(migrate.healthcheck?.disable, true, 'a one-shot must not inherit the HTTP healthcheck of the image');
  });

  test('api and worker wait for healthy postgres/redis and a successful migrate', () => {
    for (const name of ['api', 'worker']) {
      const deps = dependencies(service(name));
      assert.equal(deps.postgres, 'service_healthy', `${name} -> postgres`);
      assert.equal(deps.redis, 'service_healthy', `${name} -> redis`);
      assert.equal(deps.migrate, 'service_completed_successfully', `${name} -> migrate`);
    }
    assert.equal(dependencies(service('migrate')).postgres, 'service_healthy');
    assert.equal(dependencies(service('web')).api, 'service_healthy');
  });

  test('api, worker and migrate share the media volume; api/worker get the settings they need', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const mounts = (service(name).volumes ?? []).map((v) =>
        typeof v === 'string' ? v.split(':').slice(0, 2).join(':') : `${v.source}:${v.target}`,
      );
      assert.ok(mounts.includes('media:/data/media'), `${name} mounts media:/data/media`);
      const env = service(name).environment as Record<string, unknown>;
      assert.equal(env.MEDIA_DIR, '/data/media', `${name}: MEDIA_DIR`);
      assert.match(
        withDefaults(String(env.DATABASE_URL)),
        /^postgres:\/\/[^@]+@postgres:5432\/\w+$/,
        `${name}: DATABASE_URL -> postgres service`,
      );
    }
    assert.ok(compose.volumes && 'media' in compose.volumes, 'media is a named volume');
    for (const name of ['api', 'worker']) {
      const names = envNames(service(name));
      for (const required of [
        'DATABASE_URL',
        'DB_APP_ROLE',
        'DB_APP_PASSWORD',
        'REDIS_URL',
        'MEDIA_DIR',
        'LOG_LEVEL',
        'HOST',
      ]) {
        assert.ok(names.includes(required), `${name} gets ${required}`);
      }
      const env = service(name).environment as Record<string, unknown>;
      assert.equal(env.HOST, '0.0.0.0', `${name}: HOST must be 0.0.0.0 in a container`);
      assert.equal(withDefaults(String(env.REDIS_URL)), 'redis://redis:6379');
    }
    const web = service('web').environment as Record<string, unknown>;
    assert.equal(web.API_URL, 'http://api:4000');
    assert.ok('PLATFORM_DOMAIN' in web);
  });

  test('every env var passed to the api is documented in .env.example', (t) => {
    const file = path.join(ROOT, '.env.example');
    if (!existsSync(file)) {
      t.skip('.env.example does not exist yet (the lead writes it)');
      return;
    }
    const documented = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => /^\s*#?\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=/.exec(line)?.[1])
        .filter(Boolean),
    );
    const missing = envNames(service('api')).filter((name) => !documented.has(name));
    assert.deepEqual(missing, [], `add to .env.example: ${missing.join(', ')}`);
  });

  test('no secret has a default: required ones stop compose with a message, optional ones are empty', () => {
    const secrets = new Set<string>(SECRET_VARIABLES);
    const seen = new Set<string>();
    for (const [name, svc] of Object.entries(services)) {
      const env = svc.environment ?? {};
      const entries = Array.isArray(env)
        ? env.map((e) => [e.split('=')[0]!, e.slice(e.indexOf('=') + 1)] as const)
        : Object.entries(env);
      for (const [key, raw] of entries) {
        const value = String(raw ?? '');
        const refs = references(value);
        // A secret written as a literal would be a published value.
        if (secrets.has(key) || /PASSWORD|SECRET|TOKEN|API_KEY/.test(key)) {
          assert.ok(refs.length > 0, `${name}: ${key} must come from .env, not be written here (${value})`);
        }
        for (const ref of refs.filter((r) => secrets.has(r.name))) {
          seen.add(ref.name);
          const where = `${name}: ${key} uses \${${ref.name}${ref.op}${ref.arg}}`;
          if (ref.op === ':?')
            assert.match(ref.arg, new RegExp(`^${ref.name} must be set in \\.env \\(see \\.env\\.example\\)$`), where);
          else
            assert.ok(
              ref.op === ':-' && ref.arg === '',
              `${where}: a secret has no default (\${NAME:?...} when required, \${NAME:-} when empty means off)`,
            );
        }
      }
    }
    // What the api/worker require in production is required by compose too (which sets
    // DELIVERY_PARTNER_BASE_URL, so the partner's key is required as well).
    const requiredInProduction = productionSecretProblems({
      DELIVERY_PARTNER_BASE_URL: 'http://sandbox:4010/delivery-partner',
    })
      .filter((p) => p.reason === 'missing')
      .map((p) => p.variable);
    const serverEnv = service('api').environment as Record<string, string>;
    for (const variable of requiredInProduction) {
      assert.ok(
        references(String(serverEnv[variable] ?? '')).some((r) => r.name === variable && r.op === ':?'),
        `api gets ${variable} as \${${variable}:?...}`,
      );
    }
    for (const variable of [
      'POSTGRES_PASSWORD',
      'GRAFANA_ADMIN_PASSWORD',
      'DELIVERY_PARTNER_WEBHOOK_SECRET',
      'REVALIDATE_SECRET',
      'S3_SECRET_ACCESS_KEY',
    ]) {
      assert.ok(seen.has(variable), `compose passes ${variable} through from .env`);
    }
  });

  test('with a .env of generated secrets, the api and worker settings pass the production secret check', () => {
    // Every secret but the S3 one (it goes with an S3 bucket; none = media on the volume).
    const vars = Object.fromEntries(
      SECRET_VARIABLES.filter((name) => name !== 'S3_SECRET_ACCESS_KEY').map((name) => [
        name,
        name.endsWith('PASSWORD') ? randomBytes(32).toString('hex') : randomBytes(32).toString('base64'),
      ]),
    );
    // Web push keys are a P-256 pair, not random bytes.
    const vapid = createECDH('prime256v1');
    vapid.generateKeys();
    Object.assign(vars, {
      VAPID_PRIVATE_KEY: vapid.getPrivateKey().toString('base64url'),
      VAPID_PUBLIC_KEY: vapid.getPublicKey().toString('base64url'),
    });
    const env = Object.fromEntries(
      Object.entries(service('api').environment as Record<string, string>).map(([k, v]) => [
        k,
        interpolate(String(v), vars),
      ]),
    );
    assert.equal(env.NODE_ENV, 'production');
    assert.doesNotThrow(() => loadConfig(env));
    assert.equal(env.DATABASE_URL, `postgres://sokoni:${vars.POSTGRES_PASSWORD}@postgres:5432/sokoni`);
    // ...and with nothing in .env, every required secret is reported at once, not one per restart.
    const bare = Object.fromEntries(
      Object.entries(service('api').environment as Record<string, string>).map(([k, v]) => [
        k,
        interpolate(String(v), {}).replace(/<\w+>/g, ''),
      ]),
    );
    assert.throws(
      () => loadConfig(bare),
      (error: Error & { problems?: { variable: string }[] }) => {
        const named = new Set(error.problems?.map((p) => p.variable));
        for (const variable of [
          'CART_TOKEN_SECRET',
          'MPESA_ENCRYPTION_KEY',
          'WHATSAPP_APP_SECRET',
          'WHATSAPP_VERIFY_TOKEN',
          'WHATSAPP_ACCESS_TOKEN',
          'SMS_API_KEY',
          'DB_APP_PASSWORD',
          'DELIVERY_PARTNER_API_KEY',
        ])
          assert.ok(named.has(variable), `${variable} in ${error.message}`);
        return true;
      },
    );
  });

  test('bind mounts of ops/ config point at files that exist', () => {
    for (const name of ['nginx', 'prometheus', 'grafana']) {
      const binds = (service(name).volumes ?? []).filter(
        (v): v is string => typeof v === 'string' && v.startsWith('./'),
      );
      assert.ok(binds.length > 0, `${name} mounts its config from ops/`);
      for (const bind of binds) {
        const source = bind.split(':')[0]!;
        assert.ok(existsSync(path.join(ROOT, source)), `${name}: ${source} is missing`);
      }
    }
  });
});

/**
 * The stage a service's image is: the one named by its build target (up to the next FROM), or the
 * last stage when no target is given.
 */
function targetStage(text: string, target: string | undefined): string {
  const starts = [...text.matchAll(/^FROM\s.*$/gm)].map((m) => ({ at: m.index, line: m[0] }));
  const index =
    target === undefined
      ? starts.length - 1
      : starts.findIndex((s) => new RegExp(`\\sAS\\s+${target}\\s*$`, 'i').test(s.line));
  assert.ok(index >= 0, `no stage named ${target}`);
  return text.slice(starts[index]!.at, starts[index + 1]?.at);
}

describe('Dockerfiles', () => {
  const built = Object.entries(services).filter(([, s]) => s.build !== undefined);
  const ignore = existsSync(path.join(ROOT, '.dockerignore'))
    ? read('.dockerignore')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];

  test('web, api and sandbox are built, each from its own Dockerfile target', () => {
    assert.deepEqual(built.map(([name]) => name).sort(), ['api', 'sandbox', 'web']);
  });

  test('.dockerignore keeps host build output and secrets out of the context', () => {
    for (const p of [
      'node_modules',
      'apps/web/node_modules',
      'apps/api/dist',
      'packages/db/dist',
      'apps/web/.next',
      '.git',
      '.env',
      'apps/api/tsconfig.tsbuildinfo',
    ]) {
      assert.ok(dockerIgnored(p, ignore), `.dockerignore must exclude ${p}`);
    }
    assert.ok(!dockerIgnored('.env.example', ignore));
  });

  for (const [name, svc] of built) {
    test(`${name}: Dockerfile exists, is multi-stage, runs as non-root with a HEALTHCHECK`, () => {
      const build = typeof svc.build === 'string' ? { context: svc.build } : svc.build!;
      const context = path.join(ROOT, build.context ?? '.');
      const dockerfile = path.join(context, build.dockerfile ?? 'Dockerfile');
      assert.ok(existsSync(dockerfile), `${name}: ${path.relative(ROOT, dockerfile)} is missing`);
      const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));

      const froms = lines.filter((l) => /^FROM\s/i.test(l));
      assert.ok(froms.length >= 3, `${name}: deps -> build -> runtime stages`);
      assert.match(text, /ARG NODE_IMAGE=node:20-bookworm-slim/);
      assert.ok(
        froms.every((l) => /^FROM \$\{NODE_IMAGE\}|^FROM [a-z-]+(\s|$)/i.test(l)),
        `${name}: every stage is Node 20 or an earlier stage`,
      );
      assert.match(text, /npm install -g npm@\$\{NPM_VERSION\}/);
      assert.match(text, /ARG NPM_VERSION=11/);
      assert.match(text, /\bnpm ci\b/);
      assert.match(text, /npm ci --omit=dev/, `${name}: runtime gets production dependencies only`);
      assert.doesNotMatch(text, /\b(curl|wget)\b/, `${name}: no downloads besides npm packages`);

      const runtime = targetStage(text, build.target);
      const user = [...runtime.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
      assert.ok(user && !['root', '0', '0:0'].includes(user), `${name}: runtime USER must not be root (got ${user})`);
      assert.match(runtime, /^HEALTHCHECK .*CMD/m, `${name}: HEALTHCHECK in the runtime stage`);
      assert.match(runtime, /^CMD \[/m, `${name}: exec-form CMD`);

      // Sources copied from the build context must exist and not be excluded by .dockerignore.
      for (const line of lines.filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))) {
        const args = line
          .split(/\s+/)
          .slice(1)
          .filter((a) => !a.startsWith('--'));
        for (const source of args.slice(0, -1)) {
          assert.ok(existsSync(path.join(context, source)), `${name}: COPY source ${source} does not exist`);
          assert.ok(
            !dockerIgnored(source.replace(/^\.\/|\/$/g, '') || '.', ignore) || source === '.',
            `${name}: COPY source ${source} is excluded by .dockerignore`,
          );
        }
      }
    });
  }

  test('api image: default CMD is the HTTP API, and it carries what migrate runs', () => {
    const build = service('api').build as { dockerfile?: string; target?: string };
    const text = targetStage(read(build.dockerfile ?? 'Dockerfile'), build.target);
    assert.match(text, /^CMD \["node", "apps\/api\/dist\/main\.js"\]/m);
    assert.match(text, /^COPY scripts\/db\.mjs /m);
    assert.match(text, /^COPY packages\/db\/migrations /m);
    assert.match(text, /mkdir -p \/data\/media && chown node:node \/data\/media/);
  });
});

describe('ops/', () => {
  test('every YAML file written for compose and ops/ parses cleanly', () => {
    const files = [
      'docker-compose.yml',
      ...walk(path.join(ROOT, 'ops'))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.relative(ROOT, f)),
    ];
    assert.ok(
      files.length >= 5,
      `expected compose + prometheus + alerts + 2 grafana provisioning files, found ${files.join(', ')}`,
    );
    for (const file of files) {
      const doc = parseDocument(read(file));
      assert.deepEqual(
        doc.errors.map((e) => e.message),
        [],
        `${file} has YAML errors`,
      );
      assert.equal(typeof doc.toJS(), 'object', `${file} is a mapping`);
    }
  });

  test('the PromQL metric-name check finds unknown names and skips functions, labels and keywords', () => {
    assert.deepEqual(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(foo_seconds_bucket{route!~"/a|/b"}[5m]))) > 1 and on (route) bar offset 5m',
      ),
      ['bar', 'foo_seconds_bucket'],
    );
    assert.deepEqual(metricNames('sum(rate(x_total[$__rate_interval])) or vector(0)'), ['x_total']);
  });

  test('prometheus.yml scrapes api:4000/metrics and loads the alert rules', () => {
    const config = parse(read('ops/prometheus/prometheus.yml')) as {
      rule_files?: string[];
      scrape_configs?: { job_name: string; metrics_path?: string; static_configs?: { targets: string[] }[] }[];
    };
    const api = config.scrape_configs?.find((c) => c.static_configs?.some((s) => s.targets.includes('api:4000')));
    assert.ok(api, 'a scrape job targets api:4000');
    assert.equal(api.metrics_path ?? '/metrics', '/metrics');
    assert.ok(config.rule_files?.length, 'rule_files is set');
    for (const file of config.rule_files ?? [])
      assert.ok(existsSync(path.join(ROOT, 'ops/prometheus', file)), `rule file ${file} exists`);
  });

  test('alert rules parse and use only metrics the API exports', () => {
    const rules = parse(read('ops/prometheus/alerts.yml')) as {
      groups: {
        name: string;
        rules: {
          alert?: string;
          expr: string | number;
          for?: string;
          labels?: { severity?: string };
          annotations?: { summary?: string };
        }[];
      }[];
    };
    const all = rules.groups.flatMap((g) => g.rules);
    assert.ok(all.length >= 5);
    for (const rule of all) {
      assert.ok(rule.alert, 'every rule is an alert');
      assert.ok(rule.labels?.severity && rule.annotations?.summary, `${rule.alert}: severity and summary`);
      const unknown = metricNames(String(rule.expr)).filter((m) => !KNOWN_METRICS.has(m));
      assert.deepEqual(unknown, [], `${rule.alert} uses metrics the API does not export`);
      assert.ok(metricNames(String(rule.expr)).length > 0, `${rule.alert} reads a metric`);
    }
    const exprs = all.map((r) => ({ ...r, expr: String(r.expr).replace(/\s+/g, ' ').trim() }));
    const find = (re: RegExp) => exprs.find((r) => re.test(r.expr));
    assert.ok(
      find(/histogram_quantile\(0\.95, .*http_request_duration_seconds_bucket.*\) > 1(\s|$)/),
      'p95 latency > 1s',
    );
    assert.ok(find(/status_code=~"5\.\.".*\/.*http_request_duration_seconds_count.*> 0\.02/), '5xx ratio > 2%');
    const backlog = find(/bullmq_queue_jobs\{state="waiting"\} > 500/);
    assert.ok(backlog, 'waiting > 500');
    assert.equal(backlog.for, '10m');
    assert.ok(find(/bullmq_queue_jobs\{[^}]*state="failed"[^}]*\}/), 'failed jobs growing');
    assert.ok(find(/^up\{[^}]*\} == 0$|^up == 0$/), 'up == 0');
  });

  test('grafana: provisioned datasource and a dashboard that queries only known metrics', () => {
    const ds = parse(read('ops/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string; type: string; url: string }[];
    };
    const prom = ds.datasources.find((d) => d.type === 'prometheus');
    assert.ok(prom);
    assert.equal(prom.url, 'http://prometheus:9090');

    const providers = parse(read('ops/grafana/provisioning/dashboards/sokoni.yml')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsPath = providers.providers[0]?.options.path;
    const grafanaMounts = (service('grafana').volumes ?? []).filter((v): v is string => typeof v === 'string');
    assert.ok(
      grafanaMounts.includes(`./ops/grafana/dashboards:${dashboardsPath}:ro`),
      'the provider path is where compose mounts the dashboards',
    );

    const dashboard = JSON.parse(read('ops/grafana/dashboards/sokoni.json')) as {
      uid: string;
      title: string;
      panels: {
        title: string;
        datasource?: { uid: string };
        targets?: { expr: string; datasource?: { uid: string } }[];
      }[];
    };
    assert.ok(dashboard.uid && dashboard.title);
    const titles = dashboard.panels.map((p) => p.title.toLowerCase());
    for (const wanted of ['request rate', 'p95 latency', '5xx', 'queue depth']) {
      assert.ok(
        titles.some((t) => t.includes(wanted)),
        `a panel about ${wanted}`,
      );
    }
    for (const panel of dashboard.panels) {
      assert.ok(panel.targets?.length, `${panel.title} has a query`);
      assert.equal(panel.datasource?.uid, prom.uid, `${panel.title} uses the provisioned datasource`);
      for (const target of panel.targets ?? []) {
        const unknown = metricNames(target.expr).filter((m) => !KNOWN_METRICS.has(m));
        assert.deepEqual(unknown, [], `${panel.title}: unknown metrics`);
      }
    }
  });

  test('nginx: gzip, forwarding headers, request id, cached static and media, routes to web and api', () => {
    const code = read('ops/nginx/nginx.conf').replace(/#.*$/gm, '');
    assert.equal((code.match(/\{/g) ?? []).length, (code.match(/\}/g) ?? []).length, 'balanced braces');
    /** Body of the block opened by `header {`, nested blocks included. */
    const block = (header: string): string => {
      const at = code.indexOf(`${header} {`);
      assert.ok(at >= 0, `nginx.conf has no "${header} { ... }"`);
      let depth = 0;
      for (let i = code.indexOf('{', at); i < code.length; i++) {
        if (code[i] === '{') depth++;
        if (code[i] === '}' && --depth === 0) return code.slice(code.indexOf('{', at) + 1, i);
      }
      throw new Error(`unclosed ${header}`);
    };
    const has = (text: string, re: RegExp, what: string) => assert.ok(re.test(text), `nginx.conf: ${what} (${re})`);
    has(code, /^\s*gzip on;/m, 'gzip on');
    has(code, /^\s*gzip_proxied any;/m, 'gzip for proxied responses');
    has(
      code,
      /proxy_set_header X-Forwarded-For \$remote_addr;/,
      'X-Forwarded-For is the client nginx saw, not a chain the client wrote',
    );
    has(
      code,
      /map \$http_x_request_id \$(\w+) \{[^}]*default \$http_x_request_id;/,
      'an incoming X-Request-Id is kept',
    );
    has(code, /proxy_set_header X-Request-Id \$sokoni_request_id;/, 'X-Request-Id passed upstream');
    for (const cached of ['location /_next/static/', 'location /media/']) {
      const body = block(cached);
      has(body, /proxy_cache sokoni_static;/, `${cached} is cached`);
      has(body, /proxy_cache_valid 200 \d+[dhm];/, `${cached} caches 200s`);
      has(body, /add_header X-Request-Id \$\w+ always;/, `${cached} still returns the request id`);
    }
    has(block('location /_next/static/'), /proxy_pass http:\/\/\$web_upstream;/, '/_next/static -> web');
    has(block('location /media/'), /proxy_pass http:\/\/\$api_upstream;/, '/media -> api');
    has(
      block('location /api/'),
      /rewrite \^\/api\/\(\.\*\)\$ \/\$1 break;\s*proxy_pass http:\/\/\$api_upstream;/,
      '/api/x -> api:4000/x',
    );
    has(block('location /'), /proxy_pass http:\/\/\$web_upstream;/, '/ -> web');
    has(code, /set \$api_upstream api:4000;/, 'api upstream');
    has(code, /set \$web_upstream web:3000;/, 'web upstream');
    has(block('location = /nginx-health'), /return 200/, 'health endpoint');
    assert.match(healthText(service('nginx')), /\/nginx-health/);
  });
});

describe('caddy (custom domains, on-demand TLS)', () => {
  test('caddy sits behind the "tls" profile, keeps certificates on a volume, and has a healthcheck', () => {
    const caddy = service('caddy');
    assert.deepEqual(caddy.profiles, ['tls']);
    const volumes = (caddy.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    assert.ok(
      volumes.some((v) => /^caddydata:\/data$/.test(v)),
      'certificates and ACME account persist (/data)',
    );
    assert.ok(volumes.some((v) => v.startsWith('./ops/caddy/Caddyfile:/etc/caddy/Caddyfile')));
    assert.ok(compose.volumes && 'caddydata' in compose.volumes, 'caddydata is a named volume');
    const targets = portMappings(caddy).map((m) => m.target);
    assert.ok(targets.includes(443) && targets.includes(80), 'publishes 80 (ACME HTTP-01, redirect) and 443');
    const hc = caddy.healthcheck;
    assert.ok(hc && Array.isArray(hc.test) && hc.test.length >= 2 && (hc.retries ?? 0) >= 1);
  });

  test('the Caddyfile enables on-demand TLS and restricts it with the API ask endpoint', () => {
    const code = read('ops/caddy/Caddyfile').replace(/#.*$/gm, '');
    assert.match(code, /on_demand_tls\s*\{[^}]*ask\s+http:\/\/api:4000\/internal\/tls\/ask\s*\}/, 'global ask');
    assert.match(code, /tls\s*\{\s*on_demand\s*\}/, 'on_demand enabled on the site');
    assert.doesNotMatch(code, /\b(interval|burst)\b/, 'interval/burst are deprecated: the ask decides');
    assert.match(code, /reverse_proxy\s+web:3000/, 'serves the storefront by Host');
  });
});
