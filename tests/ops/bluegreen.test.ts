// Blue/green deploys drop nothing: the short mode of `npm run drill:bluegreen` (tests/helpers/bluegreen.ts).
// Real nginx (Debian's /usr/sbin/nginx with ops/nginx/nginx.conf), blue then green api + worker
// (built dist/), one database and Redis prefix, the provider sandbox; a light load of storefront
// reads and checkouts (place order, pay with the sandbox's M-Pesa, poll until paid) runs through
// nginx while ops/deploy/switch.mjs flips blue -> green once and drains blue with SIGTERM.
// API tier only here (the web tier adds a Next server per colour, too slow for npm test on this
// box); the drill runs the web too when apps/web/.next exists.
// Run alone: node --import tsx --test tests/ops/bluegreen.test.ts
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { NGINX, runBlueGreenDrill } from '../helpers/bluegreen';

test(
  'one flip under load: no failed request, no lost order, the old colour drains and exits 0',
  { skip: existsSync(NGINX) ? false : `${NGINX} missing (Debian package nginx)`, timeout: 240_000 },
  async () => {
    const result = await runBlueGreenDrill({
      flips: 1,
      phaseMs: 1_000,
      checkoutsPerPhase: 2,
      readers: 1,
      buyers: 1,
      web: false,
    });
    assert.deepEqual(result.failures, [], 'failed requests');
    assert.equal(result.failed, 0);
    assert.deepEqual(result.lost, [], 'lost orders');
    assert.equal(result.orders_lost, 0);
    // The load really ran on both sides of the flip, and checkouts really paid.
    assert.ok(result.requests >= 20, `only ${result.requests} requests`);
    assert.ok(result.orders_placed >= 4, `only ${result.orders_placed} orders`);
    assert.equal(result.orders_paid, result.payments_started);
    // blue deployed, then green; blue's api and worker drained on SIGTERM and exited 0.
    assert.deepEqual(
      result.switches.map((s) => [s.from, s.to]),
      [
        [null, 'blue'],
        ['blue', 'green'],
      ],
    );
    assert.deepEqual(result.switches[1]!.drained, { 'api-blue': 0, 'worker-blue': 0 });
  },
);
