import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool } from '@sokoni/db';
import { toErrorResponse } from '../../apps/api/dist/platform/error-body.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A request that could not get a database connection did nothing: it is a 503 the client may
// retry (service_unavailable), never a 500 that reads as a bug (found by the multi-process
// checkout under load: pool waits that ran out answered 500).

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

test('a pool with no free connection in time answers 503 service_unavailable', async () => {
  const pool = createPool(db.appUrl, 1, 'sokoni-test', 200);
  const held = await pool.connect();
  try {
    const error = await pool.connect().then(
      () => assert.fail('the second connection should have waited and failed'),
      (e: unknown) => e,
    );
    const { status, body } = toErrorResponse(error, 'corr-1');
    assert.equal(status, 503);
    assert.equal(body.error.code, 'service_unavailable');
    assert.deepEqual(body.error.details, { correlationId: 'corr-1' });
  } finally {
    held.release();
    await pool.end();
  }
});

test('Postgres refusing more connections (53300) is a 503 too; any other database error stays a 500', async () => {
  const pool = createPool(db.appUrl, 2, 'sokoni-test');
  try {
    const tooMany = await pool
      .query(`DO $$ BEGIN RAISE EXCEPTION 'too many' USING ERRCODE = 'too_many_connections'; END $$`)
      .then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
    assert.equal(toErrorResponse(tooMany, 'c').status, 503);
    const syntax = await pool.query('SELEC 1').then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.equal(toErrorResponse(syntax, 'c').status, 500);
  } finally {
    await pool.end();
  }
});
