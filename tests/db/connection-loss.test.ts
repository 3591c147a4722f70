// Postgres drops the app's idle pooled connections (a restart, a failover, an admin's
// pg_terminate_backend, a network cut): pg reports that as an 'error' event on the pool, and an
// 'error' event nobody listens to ends a Node process. The API and the worker must log it and
// carry on, opening new connections for the next queries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useApiStack } from '../helpers/api-fixture.ts';
import { waitFor } from '../helpers/wait.ts';

// The cache off: every product read below must reach Postgres through the pool.
const stack = useApiStack({ worker: true, env: { CATALOG_CACHE_TTL_S: '0' } });

const productsStatus = async () => (await fetch(`${stack.api.url}/v1/stores/nairobi-gadgets/products?limit=2`)).status;

test('idle pooled connections killed by the server: API and worker log it, stay up, and the API answers again', async () => {
  assert.equal(await productsStatus(), 200, 'the pool holds a connection once a query has run');
  const killed = await waitFor('idle app connections of the API and the worker to kill', async () => {
    const rows = await stack.sql<{ application_name: string }>(
      `SELECT application_name FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle'
          AND application_name IN ('sokoni-api', 'sokoni-worker')
          AND pg_terminate_backend(pid)`,
    );
    const names = new Set(rows.map((r) => r.application_name));
    return names.has('sokoni-api') && names.has('sokoni-worker') ? rows.length : null;
  });
  assert.ok(killed >= 2);

  for (const proc of [stack.api, stack.worker]) {
    await proc.waitForLog((entry) => entry.msg === 'database connection lost; the pool opens a new one');
  }
  assert.equal(await productsStatus(), 200, 'the API answers from a new connection');
  assert.equal(stack.api.child.exitCode, null, 'the API is still running');
  assert.equal(stack.worker.child.exitCode, null, 'the worker is still running');
});
