import { ownerCsvDownload } from '@/lib/owner-csv-download';

/**
 * GET /owner/products/export.csv: the store's catalog as the import's CSV (GET
 * /v1/owner/catalog/export.csv), as a download. The owner's template for a bulk edit.
 */
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  const day = new Date().toISOString().slice(0, 10);
  return ownerCsvDownload(request, {
    apiPath: '/v1/owner/catalog/export.csv',
    here: '/owner/products/export.csv',
    back: '/owner/products/import',
    what: 'your products',
    timeoutMs: 60_000,
    filename: (store) => `${store}-products-${day}.csv`,
  });
}
