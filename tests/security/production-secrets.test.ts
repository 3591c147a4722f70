// Issue 15, "no public secrets": with NODE_ENV=production the real API (dist/main.js), worker
// (dist/worker.main.js) and web (apps/web/server.mjs) refuse to start while a secret is missing, too
// short or a value written in this repository, naming every offending variable in one JSON log
// line; with strong random secrets they start. And the list of published values
// (packages/contracts/src/published-secrets.ts) is held to what the git-tracked files contain.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PUBLISHED_SECRET_VALUES, SECRET_VARIABLES } from '@sokoni/contracts';
import { createTestDatabase, REDIS_URL, type TestDatabase } from '../helpers/database.ts';
import { waitFor } from '../helpers/payment-stack.ts';
import {
  freePort,
  ROOT,
  serverEnv,
  startApi,
  startRaw,
  startWorker,
  type RunningProcess,
} from '../helpers/processes.ts';

/** What the API and worker require in production (apps/api/src/config/config.ts PRODUCTION_SECRETS). */
const REQUIRED = [
  'CART_TOKEN_SECRET',
  'MPESA_ENCRYPTION_KEY',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'WHATSAPP_ACCESS_TOKEN',
  'SMS_API_KEY',
  'DB_APP_PASSWORD',
] as const;
type Reason = 'missing' | 'too_short' | 'published' | 'weak';
/** How each reason reads in the log line's msg (the worker's line has only msg). */
const PHRASE: Record<Reason, RegExp> = {
  missing: /^is required in production but not set/,
  too_short: /^(is too short: \d+ bytes|must be 32 random bytes)/,
  published: /^is a value published in the repository/,
  weak: /^is one (character|byte) repeated/,
};

const strong = (): string => randomBytes(32).toString('base64');
function strongSecrets(): Record<(typeof REQUIRED)[number], string> {
  return {
    CART_TOKEN_SECRET: strong(),
    MPESA_ENCRYPTION_KEY: strong(),
    WHATSAPP_APP_SECRET: strong(),
    WHATSAPP_VERIFY_TOKEN: strong(),
    WHATSAPP_ACCESS_TOKEN: strong(),
    SMS_API_KEY: strong(),
    DB_APP_PASSWORD: randomBytes(32).toString('hex'),
  };
}

/** Production env for a boot that must be refused: no database is reached before the check. */
function productionEnv(secrets: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/not_reached',
    REDIS_URL,
    REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
    LOG_LEVEL: 'info',
  };
  for (const [name, value] of Object.entries(secrets)) if (value !== undefined) env[name] = value;
  return env;
}

interface Refusal {
  code: number | null;
  line: Record<string, unknown>;
  msg: string;
}

/** Runs a process that must refuse to start: its exit code and its fatal JSON line. */
async function refused(proc: RunningProcess, what: string): Promise<Refusal> {
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 60_000);
  const code = await proc.exited;
  clearTimeout(timer);
  const line = proc.logs().find((entry) => entry.level === 'fatal');
  assert.ok(line, `${what}: no fatal JSON log line; output:\n${proc.lines.slice(-10).join('\n')}`);
  assert.notEqual(code, 0, `${what} must exit non-zero`);
  assert.equal(
    proc.logs().filter((entry) => entry.level === 'fatal').length,
    1,
    `${what}: one log line names every problem`,
  );
  return { code, line, msg: String(line.msg) };
}

const bootApi = (env: NodeJS.ProcessEnv) => refused(startRaw(process.execPath, ['apps/api/dist/main.js'], env), 'api');
const bootWorker = (env: NodeJS.ProcessEnv) =>
  refused(startRaw(process.execPath, ['apps/api/dist/worker.main.js'], env), 'worker');

/** The variables the line names, each with the reason its msg gives. */
function namedIn(refusal: Refusal): Map<string, Reason> {
  const named = new Map<string, Reason>();
  for (const variable of [...SECRET_VARIABLES, 'DATABASE_URL', 'APP_DATABASE_URL', 'REDIS_URL', 'SMTP_URL']) {
    // Entries are "<VARIABLE> <message>", after "Invalid configuration: " or "; ".
    for (const m of refusal.msg.matchAll(new RegExp(`(?:: |; )${variable} (?:has a password that )?([^;]*)`, 'g'))) {
      const reason = (Object.keys(PHRASE) as Reason[]).find((r) => PHRASE[r].test(m[1]!));
      if (reason) named.set(variable, reason);
    }
  }
  return named;
}

function assertNamed(refusal: Refusal, expected: Record<string, Reason>, exact = true): void {
  const named = namedIn(refusal);
  for (const [variable, reason] of Object.entries(expected)) {
    assert.equal(named.get(variable), reason, `${variable} should be named as ${reason} in: ${refusal.msg}`);
  }
  if (exact) assert.deepEqual([...named.keys()].sort(), Object.keys(expected).sort(), refusal.msg);
}

/** The values the repository used as defaults for each secret (config, compose, .env.example). */
const REPOSITORY_DEFAULTS = {
  CART_TOKEN_SECRET: 'local-development-cart-secret-change-me-0000',
  MPESA_ENCRYPTION_KEY: 'bG9jYWwtb25seS1tcGVzYS1rZXktY2hhbmdlLW1lISE=',
  WHATSAPP_APP_SECRET: 'local-only-whatsapp-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'sokoni-local-verify-token',
  WHATSAPP_ACCESS_TOKEN: 'sokoni-local-whatsapp-token',
  SMS_API_KEY: 'sokoni-local-sms-key',
  DB_APP_PASSWORD: 'sokoni_app_local_only',
  DELIVERY_PARTNER_API_KEY: 'sokoni-local-sandbox',
};

describe('API and worker with NODE_ENV=production refuse public or weak secrets', () => {
  test('(a) development defaults: nothing set -> every required secret is named as missing, exit non-zero', async () => {
    for (const boot of [bootApi, bootWorker]) {
      const refusal = await boot(productionEnv({}));
      assertNamed(refusal, Object.fromEntries(REQUIRED.map((v) => [v, 'missing'])));
    }
  });

  test('(a) the values the repository used to default them to are each named as published', async () => {
    const env = productionEnv({
      ...REPOSITORY_DEFAULTS,
      DELIVERY_PARTNER_BASE_URL: 'https://partner.example.com',
      DATABASE_URL: 'postgres://sokoni:sokoni@127.0.0.1:5432/sokoni',
    });
    const expected = {
      ...Object.fromEntries(Object.keys(REPOSITORY_DEFAULTS).map((v) => [v, 'published' as const])),
      DATABASE_URL: 'published' as const,
    };
    const api = await bootApi(env);
    assertNamed(api, expected);
    // The API's line also carries them as data.
    const problems = api.line.problems as { variable: string; reason: string }[];
    assert.deepEqual(
      problems.map((p) => `${p.variable}:${p.reason}`).sort(),
      Object.entries(expected)
        .map(([v, r]) => `${v}:${r}`)
        .sort(),
    );
    assertNamed(await bootWorker(env), expected);
  });

  for (const variable of REQUIRED) {
    test(`(b) ${variable} missing, everything else strong -> only ${variable} is named`, async () => {
      const refusal = await bootApi(productionEnv({ ...strongSecrets(), [variable]: undefined }));
      assertNamed(refusal, { [variable]: 'missing' });
      assert.match(refusal.msg, /openssl rand -base64 32/, 'the line says how to make one');
    });
  }

  test('(b) DELIVERY_PARTNER_API_KEY is required once a partner is configured (DELIVERY_PARTNER_BASE_URL)', async () => {
    const refusal = await bootApi(
      productionEnv({ ...strongSecrets(), DELIVERY_PARTNER_BASE_URL: 'https://partner.example.com' }),
    );
    assertNamed(refusal, { DELIVERY_PARTNER_API_KEY: 'missing' });
  });

  test('(c) too short, including optional secrets that are set -> each named, by the worker too', async () => {
    const short = () => randomBytes(12).toString('hex'); // 24 bytes, random, still too short
    const env = productionEnv({
      ...Object.fromEntries(REQUIRED.map((v) => [v, short()])),
      MPESA_ENCRYPTION_KEY: randomBytes(16).toString('base64'),
      REVALIDATE_SECRET: short(),
      DELIVERY_PARTNER_WEBHOOK_SECRET: short(),
      S3_BUCKET: 'media-bucket',
      S3_REGION: 'eu-west-1',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY',
      S3_SECRET_ACCESS_KEY: short(),
      DATABASE_URL: `postgres://sokoni:${short()}@127.0.0.1:5432/sokoni`,
    });
    const expected = Object.fromEntries(
      [...REQUIRED, 'REVALIDATE_SECRET', 'DELIVERY_PARTNER_WEBHOOK_SECRET', 'S3_SECRET_ACCESS_KEY', 'DATABASE_URL'].map(
        (v) => [v, 'too_short' as const],
      ),
    );
    assertNamed(await bootApi(env), expected);
    assertNamed(await bootWorker(env), expected);
  });

  test('(d) values from the repository: test helpers, tests, the sandbox; a repeated-byte key; another spelling of a published key', async () => {
    const env = productionEnv({
      ...strongSecrets(),
      CART_TOKEN_SECRET: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919', // Daraja's public sandbox passkey
      WHATSAPP_APP_SECRET: 'test-whatsapp-app-secret-0000', // tests/helpers/payment-stack.ts
      WHATSAPP_VERIFY_TOKEN: 'test-whatsapp-verify-token',
      REVALIDATE_SECRET: 'test-revalidate-secret-0123456789',
      DELIVERY_PARTNER_WEBHOOK_SECRET: 'deliveries-test-webhook-secret-01', // tests/api/deliveries.test.ts
      // tests/helpers/database.ts TEST_MPESA_ENCRYPTION_KEY (32 x 0x07), in base64url without padding
      MPESA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
      SMS_API_KEY: 'k'.repeat(48),
    });
    const expected = {
      CART_TOKEN_SECRET: 'published',
      WHATSAPP_APP_SECRET: 'published',
      WHATSAPP_VERIFY_TOKEN: 'published',
      REVALIDATE_SECRET: 'published',
      DELIVERY_PARTNER_WEBHOOK_SECRET: 'published',
      MPESA_ENCRYPTION_KEY: 'published',
      SMS_API_KEY: 'weak',
    } as const;
    assertNamed(await bootApi(env), expected);
    assertNamed(await bootWorker(env), expected);
    // Any other key of one repeated byte is no key either.
    assertNamed(
      await bootApi(
        productionEnv({ ...strongSecrets(), MPESA_ENCRYPTION_KEY: Buffer.alloc(32, 0xab).toString('base64') }),
      ),
      { MPESA_ENCRYPTION_KEY: 'weak' },
    );
  });
});

describe('API and worker with strong random secrets start', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test("NODE_ENV=production with every secret strong -> 'api listening' and 'worker started'", async () => {
    const env = serverEnv(db, {
      NODE_ENV: 'production',
      ...strongSecrets(),
      REVALIDATE_SECRET: strong(),
      DELIVERY_PARTNER_WEBHOOK_SECRET: strong(),
      DELIVERY_PARTNER_API_KEY: strong(),
    });
    const api = await startApi(env);
    try {
      const health = await fetch(`${api.url}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await api.stop();
    }
    const worker = await startWorker(env);
    assert.equal(await worker.stop(), 0);
  });

  test('development and test starts are unaffected: no secret set -> the API starts', async () => {
    const env = serverEnv(db, { MPESA_ENCRYPTION_KEY: '' });
    delete env.NODE_ENV; // the schema's default: development
    const api = await startApi(env);
    assert.equal((await fetch(`${api.url}/healthz`)).status, 200);
    await api.stop();
  });
});

describe('web (apps/web/server.mjs) with NODE_ENV=production', () => {
  /** The web's server as tests/helpers/processes.ts startWeb runs it, with this env; no API is needed. */
  async function startNext(extra: Record<string, string>): Promise<RunningProcess & { url: string }> {
    const port = await freePort();
    const proc = startRaw(
      process.execPath,
      ['server.mjs'],
      {
        PORT: String(port),
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        API_URL: 'http://127.0.0.1:9',
        NEXT_TELEMETRY_DISABLED: '1',
        PLATFORM_DOMAIN: 'localhost',
        ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
        ...extra,
      },
      path.join(ROOT, 'apps/web'),
    );
    return { ...proc, url: `http://127.0.0.1:${port}` };
  }
  /** POST /api/revalidate with this secret: 404 = hook disabled, 400 = secret accepted (empty body). */
  async function revalidateStatus(url: string, secret: string, proc: RunningProcess): Promise<number> {
    return waitFor(
      'next start answers',
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`next start exited:\n${proc.lines.slice(-10).join('\n')}`);
        try {
          return (
            await fetch(`${url}/api/revalidate`, {
              method: 'POST',
              headers: { 'x-revalidate-secret': secret },
              body: 'not json',
            })
          ).status;
        } catch {
          return null;
        }
      },
      60_000,
    );
  }

  test('REVALIDATE_SECRET too short or published -> exit non-zero naming it', async () => {
    for (const [secret, reason] of [
      ['short-secret', 'too_short'],
      ['test-revalidate-secret-0123456789', 'published'],
    ] as const) {
      const refusal = await refused(await startNext({ REVALIDATE_SECRET: secret }), `web (${reason})`);
      assert.equal(refusal.line.service, 'sokoni-web');
      assertNamed(refusal, { REVALIDATE_SECRET: reason });
      assert.deepEqual(
        (refusal.line.problems as { variable: string; reason: string }[]).map((p) => [p.variable, p.reason]),
        [['REVALIDATE_SECRET', reason]],
      );
    }
  });

  test('REVALIDATE_SECRET unset (hook disabled, as in every other web test) or strong -> the server starts', async () => {
    const unset = await startNext({});
    try {
      assert.equal(await revalidateStatus(unset.url, 'anything', unset), 404);
    } finally {
      await unset.stop();
    }
    const secret = strong();
    const web = await startNext({ REVALIDATE_SECRET: secret });
    try {
      assert.equal(await revalidateStatus(web.url, secret, web), 400, 'the secret is accepted; the body is not JSON');
      assert.equal(web.logs().filter((e) => e.level === 'fatal').length, 0);
    } finally {
      await web.stop();
    }
  });
});

// --- The list of published values keeps up with the repository --------------------------------

const NAMES = SECRET_VARIABLES.join('|');
const LITERAL = String.raw`'([^'\n]*)'|"([^"\n]*)"|` + '`([^`$\\n]*)`';
/** A .env / YAML scalar: the text inside its quotes, or up to a " #" comment when unquoted. */
function scalar(raw: string): string {
  const v = raw.trim();
  const quoted = /^(['"])(.*?)\1/.exec(v);
  return quoted ? quoted[2]! : v.replace(/\s+#.*$/, '');
}

/**
 * Values assigned to a secret variable in one file: `NAME=value` (.env, shell, Dockerfile ENV,
 * commented out too), `${NAME:-value}` (compose), `NAME: value` (YAML), and in code a string
 * literal right after the name (`NAME: 'v'`, `NAME = 'v'`, `NAME ?? 'v'`, `NAME || 'v'`) or in a
 * `.default('v')` on the name's line. Shell expansions ($...) are not values.
 */
function assignedSecretValues(file: string, text: string): { name: string; value: string; line: number }[] {
  const found: { name: string; value: string; line: number }[] = [];
  const yaml = /\.ya?ml$/.test(file);
  text.split('\n').forEach((line, index) => {
    const add = (name: string, raw: string | undefined) => {
      const value = (raw ?? '').trim();
      const seen = found.some((f) => f.line === index + 1 && f.name === name && f.value === value);
      if (value && !value.startsWith('$') && !seen) found.push({ name, value, line: index + 1 });
    };
    for (const m of line.matchAll(new RegExp(String.raw`^\s*(?:#\s*)?(?:export\s+|ENV\s+)?(${NAMES})=(.*)$`, 'g')))
      add(m[1]!, scalar(m[2]!));
    for (const m of line.matchAll(new RegExp(String.raw`\$\{(${NAMES}):?-([^}]*)\}`, 'g'))) add(m[1]!, m[2]);
    if (yaml) {
      for (const m of line.matchAll(new RegExp(String.raw`^\s*(?:-\s*)?(${NAMES}):\s*(.*)$`, 'g'))) {
        if (!/^[*&|>]/.test(m[2]!.trim())) add(m[1]!, scalar(m[2]!));
      }
      return;
    }
    for (const m of line.matchAll(
      new RegExp(String.raw`\b(${NAMES})['"]?\s*(?::|=|\?\?=?|\|\|=?)\s*(?:${LITERAL})`, 'g'),
    ))
      add(m[1]!, m[2] ?? m[3] ?? m[4]);
    for (const m of line.matchAll(new RegExp(String.raw`\b(${NAMES})\b.*?\.default\(\s*(?:${LITERAL})`, 'g')))
      add(m[1]!, m[2] ?? m[3] ?? m[4]);
  });
  return found;
}

describe('published secret values (packages/contracts/src/published-secrets.ts)', () => {
  test('the scanner finds values in every syntax it claims to read', () => {
    const pairs = (file: string, text: string) => assignedSecretValues(file, text).map((f) => `${f.name}=${f.value}`);
    assert.deepEqual(
      pairs(
        '.env.example',
        'CART_TOKEN_SECRET=abc\n# SMS_API_KEY="def" # note\nexport DB_APP_PASSWORD=ghi\nREVALIDATE_SECRET=\nCART_TOKEN_SECRET=$(openssl rand -base64 32)',
      ),
      ['CART_TOKEN_SECRET=abc', 'SMS_API_KEY=def', 'DB_APP_PASSWORD=ghi'],
    );
    assert.deepEqual(
      pairs(
        'docker-compose.yml',
        "  WHATSAPP_APP_SECRET: ${WHATSAPP_APP_SECRET:-jkl}\n  SMS_API_KEY: 'mno'\n  CART_TOKEN_SECRET: ${CART_TOKEN_SECRET:?must be set}\n  REVALIDATE_SECRET: ${REVALIDATE_SECRET:-}",
      ),
      ['WHATSAPP_APP_SECRET=jkl', 'SMS_API_KEY=mno'],
    );
    assert.deepEqual(
      pairs(
        'config.ts',
        "  CART_TOKEN_SECRET: z.string().min(32).default('pqr'),\n  x = process.env.DB_APP_PASSWORD || 'stu';\n  env.WHATSAPP_APP_SECRET ?? \"vwx\"\n  { SMS_API_KEY: `yz0`, REVALIDATE_SECRET: secret }\n  if (env.SMS_API_KEY === 'no') {}",
      ),
      ['CART_TOKEN_SECRET=pqr', 'DB_APP_PASSWORD=stu', 'WHATSAPP_APP_SECRET=vwx', 'SMS_API_KEY=yz0'],
    );
  });

  test('every value assigned to a secret variable in a git-tracked file is in the list', () => {
    const self = path.relative(ROOT, import.meta.filename); // its deliberately bad values are built at run time or listed
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && f !== self);
    assert.ok(
      files.includes('apps/api/src/config/config.ts') && files.includes('docker-compose.yml'),
      'git ls-files lists the repository',
    );
    const listed = new Set(PUBLISHED_SECRET_VALUES);
    const found: { file: string; name: string; value: string; line: number }[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(path.join(ROOT, file), 'utf8');
      } catch {
        continue;
      } // deleted in the work tree
      if (text.includes('\0')) continue; // binary
      found.push(...assignedSecretValues(file, text).map((f) => ({ file, ...f })));
    }
    // The scanner really reads the repository: the development defaults in config.ts are found.
    const inConfig = new Set(found.filter((f) => f.file === 'apps/api/src/config/config.ts').map((f) => f.name));
    for (const name of ['CART_TOKEN_SECRET', 'DB_APP_PASSWORD', 'WHATSAPP_VERIFY_TOKEN', 'SMS_API_KEY'])
      assert.ok(inConfig.has(name), `config.ts default of ${name} found`);
    const unlisted = found.filter((f) => !listed.has(f.value)).map((f) => `${f.file}:${f.line} ${f.name}=${f.value}`);
    assert.deepEqual(
      unlisted,
      [],
      'add these to PUBLISHED_SECRET_VALUES (production must refuse them), or stop writing secrets into the repository',
    );
  });
});
