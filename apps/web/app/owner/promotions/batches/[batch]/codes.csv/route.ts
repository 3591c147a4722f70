import { PROMOTIONS_PAGE } from '@/lib/owner-promotions';
import { ownerCsvDownload } from '@/lib/owner-csv-download';
import { notFound } from '@/lib/route';

/**
 * GET /owner/promotions/batches/<id>/codes.csv: a batch's single-use codes (code, status, used)
 * as a download (GET /v1/owner/promotions/coupon-batches/<id>/codes.csv).
 */
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function GET(request: Request, { params }: { params: Promise<{ batch: string }> }): Promise<Response> {
  const { batch } = await params;
  if (!UUID.test(batch)) return notFound();
  return ownerCsvDownload(request, {
    apiPath: `/v1/owner/promotions/coupon-batches/${batch}/codes.csv`,
    here: `/owner/promotions/batches/${batch}/codes.csv`,
    back: PROMOTIONS_PAGE,
    what: 'the codes',
    timeoutMs: 30_000,
    filename: (store) => `${store}-coupon-codes-${batch.slice(0, 8)}.csv`,
  });
}
