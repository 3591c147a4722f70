// Media: renditions written by the seed, served by the real API process (GET /media/<key>?w=)
// from local disk and from S3-compatible storage (s3rver, a pure-JS S3 server, in-process).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { etagOf, isValidMediaKey, putIfChanged, renditionKey, S3Storage } from '@sokoni/db';
import { plannedRenditions } from '@sokoni/db/dist/media/renditions.js';
import { demoStores, seedDemo } from '@sokoni/db/dist/seed/index.js';
import { useApiStack } from '../helpers/api-fixture.ts';
import { withClient } from '../helpers/database.ts';
import { freePort, serverEnv, startApi, startRaw, type RunningApi } from '../helpers/processes.ts';

const AVIF = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8'; // what Chrome sends for <img>
const WEBP = 'image/webp,*/*'; // a browser without AVIF
const NEITHER = 'image/png,image/*;q=0.8,*/*;q=0.5';

const stack = useApiStack();
let tenantA: string;
let tenantB: string;
/** `/media/<tenant>/products/<slug>.webp` of tenant A's first product, as the catalog gives it. */
let imageUrl: string;
let originalKey: string;

stack.before(async () => {
  tenantA = stack.db.seed!.stores[0]!.tenantId;
  tenantB = stack.db.seed!.stores[1]!.tenantId;
  const list = (await (
    await fetch(`${stack.api.url}/v1/stores/${stack.db.seed!.stores[0]!.slug}/products?limit=1`)
  ).json()) as ImageList;
  imageUrl = list.items[0]!.image.url;
  originalKey = imageUrl.slice('/media/'.length);
});

async function getImage(baseUrl: string, urlPath: string, accept?: string, extra: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${urlPath}`, {
    headers: { ...(accept === undefined ? {} : { accept }), ...extra },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes };
}

/** Format and width as sharp reads the bytes (AVIF is HEIF with AV1 inside). */
async function imageInfo(bytes: Buffer): Promise<{ format: string; width: number }> {
  const meta = await sharp(bytes).metadata();
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : String(meta.format);
  return { format, width: meta.width };
}

/** What these tests read of a product list: the first product's image. */
interface ImageList {
  items: { image: { url: string } }[];
}

function assertErrorShape(body: unknown, code: string) {
  const { error } = body as { error: { code: unknown; message: unknown } };
  assert.equal(typeof error, 'object', 'error envelope');
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
}

/** A request exactly as written: fetch() would normalise `..` away before sending it. */
function rawGet(
  baseUrl: string,
  rawPath: string,
): Promise<{ status: number; contentType: string | undefined; body: string }> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('media renditions (seed)', () => {
  test('every product image has AVIF and WebP renditions at the standard widths, recorded and stored', async () => {
    const rows = await withClient(
      stack.db.ownerUrl,
      async (client) =>
        (
          await client.query<{
            storage_key: string;
            original_width: number;
            renditions: string[];
            keys_in_tenant: boolean;
          }>(`
      SELECT m.storage_key, m.width AS original_width,
             array_agg(r.format || ':' || r.width ORDER BY r.format, r.width) AS renditions,
             bool_and(r.storage_key LIKE m.tenant_id || '/%') AS keys_in_tenant
        FROM product_media m LEFT JOIN product_media_renditions r ON r.tenant_id = m.tenant_id AND r.media_id = m.id
       GROUP BY m.storage_key, m.width, m.tenant_id`)
        ).rows,
    );
    const products = demoStores.reduce((n, s) => n + s.products.length, 0);
    assert.equal(rows.length, products);
    for (const row of rows) {
      // An 800 px WebP original: AVIF at 160..640 and 800, WebP at 160..640 (the original is the 800 one).
      assert.deepEqual(
        row.renditions,
        ['avif:160', 'avif:320', 'avif:480', 'avif:640', 'avif:800', 'webp:160', 'webp:320', 'webp:480', 'webp:640'],
        row.storage_key,
      );
      assert.equal(row.keys_in_tenant, true);
    }
    assert.deepEqual(
      plannedRenditions({ width: 2000, format: 'jpeg' }).map((r) => `${r.format}:${r.width}`),
      [
        'avif:160',
        'avif:320',
        'avif:480',
        'avif:640',
        'avif:960',
        'webp:160',
        'webp:320',
        'webp:480',
        'webp:640',
        'webp:960',
      ],
    );
    assert.deepEqual(
      plannedRenditions({ width: 300, format: 'png' }).map((r) => `${r.format}:${r.width}`),
      ['avif:160', 'avif:300', 'webp:160', 'webp:300'],
    );

    const key = renditionKey(originalKey, 320, 'avif');
    assert.match(key, /@w320\.avif$/);
    const file = await readFile(path.join(stack.db.mediaDir, key));
    assert.deepEqual(await imageInfo(file), { format: 'avif', width: 320 });
    const {
      rows: [row],
    } = await withClient(stack.db.ownerUrl, (client) =>
      client.query<{ bytes: number; height: number }>(
        `SELECT bytes, height FROM product_media_renditions WHERE storage_key = $1`,
        [key],
      ),
    );
    assert.equal(row?.bytes, file.length);
    assert.equal(row?.height, 320);
  });
});

describe('GET /media/<key>?w=', () => {
  test('w=300 with AVIF accepted: the 320 px AVIF, with length, type, caching and Vary headers', async () => {
    const { res, bytes } = await getImage(stack.api.url, `${imageUrl}?w=300`, AVIF);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/avif');
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    assert.deepEqual(await imageInfo(bytes), { format: 'avif', width: 320 });
    assert.match(res.headers.get('vary') ?? '', /\bAccept\b/i);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=86400');
    assert.equal(res.headers.get('etag'), etagOf(bytes));
  });

  test('w=300 with only WebP accepted: the 320 px WebP', async () => {
    const { res, bytes } = await getImage(stack.api.url, `${imageUrl}?w=300`, WEBP);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    assert.deepEqual(await imageInfo(bytes), { format: 'webp', width: 320 });
  });

  test('neither AVIF nor WebP accepted (or no Accept): the original', async () => {
    const original = await readFile(path.join(stack.db.mediaDir, originalKey));
    for (const accept of [NEITHER, '*/*', undefined]) {
      const { res, bytes } = await getImage(stack.api.url, `${imageUrl}?w=300`, accept);
      assert.equal(res.status, 200, String(accept));
      assert.equal(res.headers.get('content-type'), 'image/webp');
      assert.ok(bytes.equals(original), `${accept}: the original bytes`);
    }
  });

  test('without w: the original whatever the Accept header says', async () => {
    const original = await readFile(path.join(stack.db.mediaDir, originalKey));
    const { res, bytes } = await getImage(stack.api.url, imageUrl, AVIF);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    assert.ok(bytes.equals(original));
  });

  test('the narrowest rendition at least w wide; wider than the original: the widest there is', async () => {
    const cases: [number, string, string, number][] = [
      [1, AVIF, 'avif', 160],
      [160, AVIF, 'avif', 160],
      [161, AVIF, 'avif', 320],
      [640, AVIF, 'avif', 640],
      [641, AVIF, 'avif', 800],
      [3840, AVIF, 'avif', 800],
      [4000, AVIF, 'avif', 800],
      [481, WEBP, 'webp', 640],
      [700, WEBP, 'webp', 800],
      [4000, WEBP, 'webp', 800],
    ];
    for (const [w, accept, format, width] of cases) {
      const { res, bytes } = await getImage(stack.api.url, `${imageUrl}?w=${w}`, accept);
      assert.equal(res.status, 200);
      assert.deepEqual(await imageInfo(bytes), { format, width }, `w=${w} ${format}`);
    }
  });

  test('w must be a whole number 1..4000', async () => {
    for (const w of ['0', '4001', '-5', '12.5', 'abc', '']) {
      const res = await fetch(`${stack.api.url}${imageUrl}?w=${w}`);
      assert.equal(res.status, 400, `w=${w}`);
      assertErrorShape(await res.json(), 'validation_failed');
    }
  });

  test('a rendition key asked for directly is served as itself', async () => {
    const key = renditionKey(originalKey, 480, 'webp');
    const { res, bytes } = await getImage(stack.api.url, `/media/${key}`, AVIF);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    assert.deepEqual(await imageInfo(bytes), { format: 'webp', width: 480 });
  });

  test('ETag revalidation: 304 without a body on If-None-Match, 200 when it differs; HEAD', async () => {
    const first = await getImage(stack.api.url, `${imageUrl}?w=300`, AVIF);
    const etag = first.res.headers.get('etag')!;
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    const again = await getImage(stack.api.url, `${imageUrl}?w=300`, AVIF, { 'if-none-match': etag });
    assert.equal(again.res.status, 304);
    assert.equal(again.bytes.length, 0);
    assert.equal(again.res.headers.get('etag'), etag);
    assert.match(again.res.headers.get('vary') ?? '', /\bAccept\b/i);
    assert.equal(again.res.headers.get('cache-control'), 'public, max-age=86400');
    const weak = await getImage(stack.api.url, `${imageUrl}?w=300`, AVIF, { 'if-none-match': `"other", W/${etag}` });
    assert.equal(weak.res.status, 304);
    // The same validator under another Accept names another representation: full response.
    const webp = await getImage(stack.api.url, `${imageUrl}?w=300`, WEBP, { 'if-none-match': etag });
    assert.equal(webp.res.status, 200);
    assert.notEqual(webp.res.headers.get('etag'), etag);
    const head = await fetch(`${stack.api.url}${imageUrl}?w=300`, { method: 'HEAD', headers: { accept: AVIF } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'image/avif');
    assert.equal(head.headers.get('etag'), etag);
  });

  test('unknown keys: 404 with the JSON error shape (unknown product, non-uuid tenant, other tenant)', async () => {
    const [, , slugFile] = originalKey.split('/');
    for (const key of [
      `${tenantA}/products/no-such-product.webp`,
      `not-a-uuid/products/${slugFile}`,
      `${tenantB}/products/${slugFile}`, // tenant A's picture under tenant B's id
      `${tenantA}/products/${slugFile}.exe`,
    ]) {
      const res = await fetch(`${stack.api.url}/media/${key}?w=300`, { headers: { accept: AVIF } });
      assert.equal(res.status, 404, key);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assertErrorShape(await res.json(), 'not_found');
    }
  });

  test('a file in the media directory that no media row names is not served', async () => {
    const key = `${tenantA}/products/planted-${randomBytes(4).toString('hex')}.webp`;
    await writeFile(path.join(stack.db.mediaDir, key), await readFile(path.join(stack.db.mediaDir, originalKey)));
    const res = await fetch(`${stack.api.url}/media/${key}`);
    assert.equal(res.status, 404);
    assertErrorShape(await res.json(), 'not_found');
  });

  test('path traversal never reaches a file outside the media root', async () => {
    // A canary beside the media root, where `..` from inside it would land.
    const canaryName = `canary-${randomBytes(4).toString('hex')}.webp`;
    const canary = path.join(path.dirname(stack.db.mediaDir), canaryName);
    await writeFile(canary, 'CANARY-SECRET');
    try {
      const tenantDirUp = `${tenantA}/..`;
      const attempts = [
        `/media/../${canaryName}`,
        `/media/${tenantDirUp}/../${canaryName}`,
        `/media/%2e%2e/${canaryName}`,
        `/media/${tenantA}/%2e%2e/%2e%2e/${canaryName}`,
        `/media/${tenantA}/..%2f..%2f${canaryName}`,
        `/media/${tenantA}/products/..%5c..%5c..%5c${canaryName}`,
        `/media/%2f${canary.slice(1)}`,
        `/media//${canary.slice(1)}`,
        `/media/${canary}`,
        '/media/../../../../etc/passwd',
        '/media/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        `/media/${tenantA}/products/.%2e/.%2e/.%2e/.%2e/etc/passwd?w=300`,
        '/media/%252e%252e/etc/passwd',
        `/media/${tenantA}/products/%00.webp`,
      ];
      for (const attempt of attempts) {
        const res = await rawGet(stack.api.url, attempt);
        assert.ok(res.status === 404 || res.status === 400, `${attempt} -> ${res.status}`);
        assert.match(res.contentType ?? '', /^application\/json/, attempt);
        assert.ok(!res.body.includes('CANARY-SECRET') && !res.body.includes('root:'), `${attempt} leaked a file`);
        // invalid_text: the hostile-input guard refuses NUL in a path param before the route runs.
        assert.ok(
          ['not_found', 'bad_request', 'validation_failed', 'invalid_text'].includes(
            (JSON.parse(res.body) as { error: { code: string } }).error.code,
          ),
          attempt,
        );
      }
    } finally {
      await rm(canary, { force: true });
    }
  });

  test('key validation: only [a-zA-Z0-9/_.@-], relative, no dot segments', () => {
    assert.equal(isValidMediaKey(originalKey), true);
    assert.equal(isValidMediaKey(renditionKey(originalKey, 320, 'avif')), true);
    for (const bad of [
      '',
      '/etc/passwd',
      'a/../b',
      '..',
      'a/./b',
      'a//b',
      'a/.hidden',
      'a\\b',
      'a b',
      'a/b%2e',
      'ü.webp',
      'a/',
    ]) {
      assert.equal(isValidMediaKey(bad), false, JSON.stringify(bad));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// S3-compatible storage, for real: s3rver speaks the S3 REST API over HTTP on a local port.

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

describe('S3-compatible media storage (s3rver)', () => {
  const bucket = 'sokoni-media';
  let s3: S3rverServer;
  let s3Dir: string;
  let endpoint: string;
  let storage: S3Storage;
  let s3Api: RunningApi | undefined;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  before(async () => {
    s3Dir = await mkdtemp(path.join(os.tmpdir(), 'sokoni-s3rver-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: await freePort(),
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: bucket }],
    });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    storage = new S3Storage({ bucket, region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  });
  after(async () => {
    await s3Api?.stop();
    storage?.destroy();
    await s3?.close();
    if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
  });

  test('put / head / get / exists round trip; a missing key is null, an invalid key refused', async () => {
    const key = `${tenantA}/tests/round-trip@w160.webp`;
    const bytes = randomBytes(3000);
    assert.equal(await storage.exists(key), false);
    assert.equal(await storage.get(key), null);
    assert.equal(await storage.head(key), null);
    await storage.put(key, bytes, 'image/webp');
    assert.equal(await storage.exists(key), true);
    const head = await storage.head(key);
    assert.deepEqual(head, { contentType: 'image/webp', etag: etagOf(bytes), size: bytes.length });
    const got = await storage.get(key);
    assert.ok(got);
    assert.equal(got.contentType, 'image/webp');
    assert.equal(got.size, bytes.length);
    assert.equal(got.etag, etagOf(bytes), 'S3 ETag = MD5, the same validator local disk gives');
    const chunks: Buffer[] = [];
    for await (const chunk of got.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    assert.ok(Buffer.concat(chunks).equals(bytes));
    assert.equal(
      await putIfChanged(storage, key, bytes, 'image/webp'),
      false,
      'unchanged bytes are not uploaded again',
    );
    assert.equal(await putIfChanged(storage, key, randomBytes(10), 'image/webp'), true);
    await assert.rejects(storage.put('../escape.webp', bytes, 'image/webp'), /invalid media key/);
  });

  test('the seed writes originals and renditions to S3 (database unchanged), and the API serves them from there', async () => {
    const store = demoStores[0]!;
    const summary = await seedDemo({
      ownerUrl: stack.db.ownerUrl,
      mediaDir: stack.db.mediaDir,
      stores: [store],
      storage,
    });
    assert.equal(summary.stores[0]!.created, false);
    const rendition = renditionKey(originalKey, 320, 'avif');
    assert.equal(await storage.exists(originalKey), true);
    assert.equal(await storage.exists(rendition), true);

    // An empty MEDIA_DIR: whatever the API serves now comes from the bucket.
    const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'sokoni-media-empty-'));
    await mkdir(emptyDir, { recursive: true });
    try {
      s3Api = await startApi(
        serverEnv(stack.db, {
          MEDIA_DIR: emptyDir,
          S3_BUCKET: bucket,
          S3_REGION: 'us-east-1',
          S3_ENDPOINT: endpoint,
          S3_ACCESS_KEY_ID: credentials.accessKeyId,
          S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          S3_FORCE_PATH_STYLE: 'true',
        }),
      );
      const avif = await getImage(s3Api.url, `${imageUrl}?w=300`, AVIF);
      assert.equal(avif.res.status, 200);
      assert.equal(avif.res.headers.get('content-type'), 'image/avif');
      assert.equal(Number(avif.res.headers.get('content-length')), avif.bytes.length);
      assert.deepEqual(await imageInfo(avif.bytes), { format: 'avif', width: 320 });
      const local = await readFile(path.join(stack.db.mediaDir, rendition));
      assert.ok(avif.bytes.equals(local), 'the same bytes as the local copy');
      assert.equal(avif.res.headers.get('etag'), etagOf(local), 'and the same ETag');

      const webp = await getImage(s3Api.url, `${imageUrl}?w=300`, WEBP);
      assert.deepEqual(await imageInfo(webp.bytes), { format: 'webp', width: 320 });
      const original = await getImage(s3Api.url, imageUrl, AVIF);
      assert.equal(original.res.status, 200);
      assert.ok(original.bytes.equals(await readFile(path.join(stack.db.mediaDir, originalKey))));

      const notModified = await getImage(s3Api.url, `${imageUrl}?w=300`, AVIF, {
        'if-none-match': avif.res.headers.get('etag')!,
      });
      assert.equal(notModified.res.status, 304);

      // Tenant B's media were not uploaded: its rows exist, the objects do not -> 404, not 500.
      const other = (await (
        await fetch(`${s3Api.url}/v1/stores/${stack.db.seed!.stores[1]!.slug}/products?limit=1`)
      ).json()) as ImageList;
      const missing = await fetch(`${s3Api.url}${other.items[0]!.image.url}`);
      assert.equal(missing.status, 404);
      assertErrorShape(await missing.json(), 'not_found');
      const unknown = await fetch(`${s3Api.url}/media/${tenantA}/products/no-such-product.webp`);
      assert.equal(unknown.status, 404);
    } finally {
      await s3Api?.stop();
      s3Api = undefined;
      await rm(emptyDir, { recursive: true, force: true });
    }
  });

  test('half an S3 configuration stops the API at boot, naming what is missing', async () => {
    const proc = startRaw(
      process.execPath,
      ['apps/api/dist/main.js'],
      serverEnv(stack.db, { PORT: '0', S3_BUCKET: bucket }),
    );
    const code = await proc.exited;
    assert.equal(code, 1);
    assert.match(proc.lines.join('\n'), /S3_REGION/);
  });
});
