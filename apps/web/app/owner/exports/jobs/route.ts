import { ownerExportAnswerSchema } from '@sokoni/contracts';
import { ownerFormRoute } from '@/lib/owner-route';
import { EXPORTS_PAGE, exportQuery } from '@/lib/owner-exports';

/** POST /owner/exports/jobs: a background export (POST /v1/owner/exports/jobs); the page shows its progress. */
export const dynamic = 'force-dynamic';

export const POST = ownerFormRoute(EXPORTS_PAGE, async (post) => {
  const { kind, query } = exportQuery(post.form);
  if (!kind) return post.done(EXPORTS_PAGE, 'error', 'Pick what to export.');
  const answer = await post.api.post('/v1/owner/exports/jobs', { kind, ...query }, ownerExportAnswerSchema);
  return answer.ok
    ? post.done(
        EXPORTS_PAGE,
        'ok',
        `Export started (about ${answer.data.export.rowsEstimate.toLocaleString('en-KE')} rows). Its link appears below when it is ready.`,
      )
    : post.failed(EXPORTS_PAGE, answer.problem);
});
