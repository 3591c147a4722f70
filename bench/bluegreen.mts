// `npm run drill:bluegreen`: blue/green deploys that drop nothing, proven with real nginx, two
// process sets (api + worker + web per colour), one Postgres database and Redis, and a load of
// storefront reads and checkouts (place order + pay with the sandbox's M-Pesa) running while the
// colour flips twice. See tests/helpers/bluegreen.ts for what is measured and how.
// Writes bench/results/bluegreen.json; exits 1 if any request failed or any order was lost.
//
// Env: DRILL_FLIPS (2), DRILL_PHASE_MS (10000), DRILL_CHECKOUTS_PER_PHASE (8), DRILL_READERS (3),
// DRILL_BUYERS (2), DRILL_WEB (1 when apps/web/.next exists; 0 = API only).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from '../scripts/lib/build.mjs';
import { runBlueGreenDrill, WEB_BUILT } from '../tests/helpers/bluegreen.ts';
import { ROOT } from '../tests/helpers/processes.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
build({ web: false });
const web = process.env.DRILL_WEB ? process.env.DRILL_WEB === '1' : WEB_BUILT;
if (web && !WEB_BUILT) throw new Error('DRILL_WEB=1 needs a web build: npm run build -w @sokoni/web');
const result = await runBlueGreenDrill({
  flips: num('DRILL_FLIPS', 2),
  phaseMs: num('DRILL_PHASE_MS', 10_000),
  checkoutsPerPhase: num('DRILL_CHECKOUTS_PER_PHASE', 8),
  readers: num('DRILL_READERS', 3),
  buyers: num('DRILL_BUYERS', 2),
  web,
  log: (line) => process.stderr.write(`${line}\n`),
});
const out = path.join(ROOT, 'bench/results/bluegreen.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2)}\n`);
const ok = result.failed === 0 && result.orders_lost === 0;
console.log(
  `bluegreen: ${result.flips} flips under load (${web ? 'api+worker+web' : 'api+worker, no web build'}): ` +
    `${result.requests} requests, ${result.failed} failed (${result.retried} resent after a keep-alive close), ${result.orders_placed} orders (${result.orders_paid} paid), ` +
    `${result.orders_lost} lost -> ${path.relative(ROOT, out)}${ok ? '' : ' FAILED'}`,
);
process.exit(ok ? 0 : 1);
