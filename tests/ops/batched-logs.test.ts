// The API's and worker's JSON logs go to stdout in batches (apps/api/src/platform/logger.ts): a
// line waits at most LOG_FLUSH_MS in the buffer, and nothing held is lost when the process ends on
// its own, by process.exit, or by an uncaught exception; secrets are redacted. Each case runs the
// real logger in a child process whose stdout is a pipe, as under systemd, docker or the tests'
// process helper.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { isoTimestamp, LOG_FLUSH_MS } from '../../apps/api/dist/platform/logger.js';
import { ROOT } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

const LOGGER = path.join(ROOT, 'apps/api/dist/platform/logger.js');

interface Child {
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
  kill: () => void;
}

/** Runs `body` (CommonJS, `logger` in scope) in a node process; collects its stdout lines as JSON. */
function runWithLogger(body: string): Child {
  const script = `const logger = require(${JSON.stringify(LOGGER)}).createLogger('info', 'sokoni-test');\n${body}`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    lines: () =>
      stdout
        .split('\n')
        .filter((line) => line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

describe('batched JSON logs', () => {
  test('the timestamp is the ISO-8601 UTC time of the line, to the millisecond, across second and day boundaries', () => {
    const moments = [
      0,
      999,
      1_000,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
      Date.UTC(2027, 0, 1, 0, 0, 0, 7),
      Date.UTC(2027, 0, 1, 0, 0, 0, 70),
      Date.UTC(2028, 1, 29, 12, 0, 0, 500),
    ];
    // Also every millisecond of a few whole seconds, in order and then out of order (a clock set back).
    const start = Date.UTC(2026, 11, 7, 18, 0, 0, 0);
    for (let ms = 0; ms < 3_000; ms++) moments.push(start + ms);
    for (let ms = 3_000; ms > 0; ms -= 7) moments.push(start + ms);
    for (const now of moments) assert.equal(isoTimestamp(now), `,"time":"${new Date(now).toISOString()}"`, `at ${now}`);
  });

  test('a line written by an idle process reaches stdout within the flush interval, with its fields', async () => {
    // The child logs once, then stays alive doing nothing: only the flush timer can write the line.
    const child = runWithLogger(`logger.info({ order: 'SK-1' }, 'one line'); setInterval(() => {}, 60_000);`);
    try {
      const line = await waitFor('the line on stdout', () => child.lines().find((l) => l.msg === 'one line'), {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      assert.equal(line.order, 'SK-1');
      assert.equal(line.service, 'sokoni-test');
      assert.equal(line.level, 'info');
      assert.match(String(line.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.ok(LOG_FLUSH_MS <= 250, 'the documented bound is short');
    } finally {
      child.kill();
    }
  });

  test('secrets are redacted on every line but the request line, whose fields are fixed', async () => {
    const child = runWithLogger(`
      logger.info({ settings: { passkey: 'pk-1', consumerSecret: 'cs-1', shortcode: '174379' }, owner: { password: 'pw-1' },
        req: { headers: { authorization: 'Bearer t-1', cookie: 'sid=c-1' }, url: '/x' } }, 'with secrets');
      require(${JSON.stringify(LOGGER)}).requestLineLogger(logger).info({ req: { method: 'GET', url: '/v1/stores/s/products', route: '/v1/stores/:store/products', ip: '127.0.0.1' }, res: { statusCode: 200 } }, 'request completed');`);
    assert.equal(await child.exited, 0);
    const [secrets, request] = child.lines();
    assert.deepEqual(secrets?.settings, { passkey: '[redacted]', consumerSecret: '[redacted]', shortcode: '174379' });
    assert.deepEqual(secrets?.owner, { password: '[redacted]' });
    assert.deepEqual(secrets?.req, { headers: { authorization: '[redacted]', cookie: '[redacted]' }, url: '/x' });
    // The request line through requestLineLogger, as bootstrap.ts writes it: every field as given.
    assert.equal(request?.msg, 'request completed');
    assert.deepEqual(request?.req, {
      method: 'GET',
      url: '/v1/stores/s/products',
      route: '/v1/stores/:store/products',
      ip: '127.0.0.1',
    });
  });

  test('every line held is written when the process ends: on its own, by process.exit, by an uncaught exception', async () => {
    // 2,000 lines of ~150 bytes: many buffer-fulls, the last part still held when the process ends.
    const burst = `for (let i = 0; i < 2000; i++) logger.info({ i, padding: 'x'.repeat(80) }, 'burst');`;
    const endings = {
      'natural end': { body: `${burst} logger.info('last');`, code: 0 },
      'process.exit(3)': { body: `${burst} logger.info('last'); process.exit(3);`, code: 3 },
      'uncaught exception': { body: `${burst} logger.info('last'); throw new Error('boom');`, code: 1 },
    };
    for (const [ending, { body, code }] of Object.entries(endings)) {
      const child = runWithLogger(body);
      assert.equal(await child.exited, code, ending);
      const lines = child.lines();
      assert.deepEqual(
        lines.filter((l) => l.msg === 'burst').map((l) => l.i),
        Array.from({ length: 2000 }, (_, i) => i),
        `${ending}: every burst line, once each, in order`,
      );
      assert.equal(lines.at(-1)?.msg, 'last', `${ending}: the last line is there`);
    }
  });
});
