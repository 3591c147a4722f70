import { errorBodySchema } from '@sokoni/contracts';
import { apiUrl } from '@/lib/config';

/**
 * GET /owner/exports/files/<store id>/<export id>.csv?expires&sig: a background export's file
 * behind its signed link (GET /v1/exports/files/...). No session needed: the link is the key, so
 * the owner can send it to their accountant; after 24 hours it answers 410 in words.
 */
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f-]{36}$/;

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; file: string }> }) {
  const { tenant, file } = await params;
  const url = new URL(request.url);
  if (!UUID.test(tenant) || !/^[0-9a-f-]{36}\.csv$/.test(file)) return plain(404, 'No such export file.');
  const query = new URLSearchParams({
    expires: url.searchParams.get('expires') ?? '',
    sig: url.searchParams.get('sig') ?? '',
  });
  let res: Response;
  try {
    res = await fetch(`${apiUrl()}/v1/exports/files/${tenant}/${file}?${query.toString()}`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(10 * 60_000),
    });
  } catch {
    return plain(502, 'Could not reach Sokoni. Check your connection and try again.');
  }
  if (!res.ok) {
    let text = `Sokoni answered with an error (${res.status}).`;
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(await res.text()));
      if (parsed.success) text = parsed.data.error.message;
    } catch {
      /* not JSON */
    }
    return plain(res.status, text);
  }
  return new Response(res.body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': res.headers.get('content-disposition') ?? `attachment; filename="${file}"`,
      'cache-control': 'private, no-store',
    },
  });
}

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
