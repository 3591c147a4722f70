// The baseline of bench/api.mts: a bare Fastify server (no Nest, no guards, no interceptors, no
// rate limit, no cache) that answers the storefront's product list, product detail and search
// with the API's OWN built catalog and search services and repositories (apps/api/dist), so the
// SQL, the tenant transaction (SET LOCAL app.tenant_id, RLS) and the shaping of the answer are
// the same code; only the framework around them is missing. Store slugs are resolved once at
// start (the API resolves them per request, from Redis). Run by bench/api.mts as its own process:
//   DATABASE_URL=<app role url> STORES=slug=tenantId,... PORT=0 node --import tsx bench/lib/baseline-server.mts
// Prints one JSON line {"msg":"baseline listening","port":N}.
import 'reflect-metadata';
import { productListQuerySchema, searchQuerySchema } from '@sokoni/contracts';
import { createDb, type TenantTransaction } from '@sokoni/db';
import Fastify from 'fastify';
import type { CatalogCache } from '../../apps/api/dist/modules/catalog/catalog-cache.js';
import { CatalogRepository } from '../../apps/api/dist/modules/catalog/catalog.repository.js';
import { CatalogService } from '../../apps/api/dist/modules/catalog/catalog.service.js';
import { SearchRepository } from '../../apps/api/dist/modules/catalog/search.repository.js';
import { SearchService } from '../../apps/api/dist/modules/catalog/search.service.js';
import { RequestContext } from '../../apps/api/dist/platform/request-context.js';
import type { ReadRouting } from '../../apps/api/dist/platform/read-routing.js';
import { TenantDb } from '../../apps/api/dist/platform/tenant-db.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (the app role) is required');
const stores = new Map((process.env.STORES ?? '').split(',').map((pair) => pair.split('=') as [string, string]));
// Prepared statements as the API's default (DB_PREPARED_STATEMENTS=auto, direct connection).
const db = createDb({
  url,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  applicationName: 'sokoni-bench-baseline',
  preparedStatements: process.env.DB_PREPARED_STATEMENTS !== 'off',
});
/** No replica in the bench: every read is routed to the one database, as in the API under test. */
const primaryOnly = {
  route: <T,>(_sessions: unknown, primary: typeof db, fn: (d: typeof db) => Promise<T>) => fn(primary),
};
const tenantDb = new TenantDb(db, primaryOnly as unknown as ReadRouting);
/** No cache: every answer is built from Postgres in the tenant transaction, as the cold API path. */
const noCache = {
  read: (ctx: RequestContext, _read: unknown, _query: unknown, load: (trx: TenantTransaction) => Promise<unknown>) =>
    tenantDb.run(ctx, load),
};
const catalog = new CatalogService(new CatalogRepository(), noCache as unknown as CatalogCache);
// Orders are only used by related products, which the baseline does not serve.
const search = new SearchService(
  new SearchRepository(),
  tenantDb,
  undefined as never,
  noCache as unknown as CatalogCache,
);

function scope(store: string): RequestContext {
  const tenantId = stores.get(store);
  if (!tenantId) throw Object.assign(new Error(`unknown store ${store}`), { statusCode: 404 });
  return RequestContext.forSystem('bench-baseline', { tenantId, slug: store });
}

const app = Fastify({ logger: false });
app.get<{ Params: { store: string } }>('/v1/stores/:store/products', (req) =>
  catalog.listProducts(scope(req.params.store), productListQuerySchema.parse(req.query)),
);
app.get<{ Params: { store: string; product: string } }>('/v1/stores/:store/products/:product', async (req) => ({
  product: await catalog.getProduct(scope(req.params.store), req.params.product),
}));
app.get<{ Params: { store: string } }>('/v1/stores/:store/search', (req) =>
  search.search(scope(req.params.store), searchQuerySchema.parse(req.query)),
);

const close = async () => {
  await app.close();
  await db.destroy();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
console.log(
  JSON.stringify({ msg: 'baseline listening', port: typeof address === 'object' && address ? address.port : 0 }),
);
