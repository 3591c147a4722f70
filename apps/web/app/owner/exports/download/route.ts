import { ownerCsvDownload } from '@/lib/owner-csv-download';
import { EXPORTS_PAGE, exportQuery } from '@/lib/owner-exports';
import { seeOther } from '@/lib/route';

/**
 * GET /owner/exports/download?kind&from&to[&filter]: a direct export (GET
 * /v1/owner/exports/<kind>.csv), streamed through as a download; a refusal comes back to the
 * Exports page naming the field.
 */
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> | Response {
  const url = new URL(request.url);
  const { kind, query } = exportQuery(url.searchParams);
  if (!kind) return seeOther(EXPORTS_PAGE);
  const qs = new URLSearchParams(query).toString();
  return ownerCsvDownload(request, {
    apiPath: `/v1/owner/exports/${kind}.csv?${qs}`,
    here: `/owner/exports/download?${url.searchParams.toString()}`,
    back: EXPORTS_PAGE,
    what: 'the export',
    // Streamed: a big file takes as long as the phone takes to receive it.
    timeoutMs: 10 * 60_000,
    filename: (store) => `${store}-${kind}-${query.from}-to-${query.to}.csv`,
  });
}
