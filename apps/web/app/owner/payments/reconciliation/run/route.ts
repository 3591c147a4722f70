import { reconciliationDaySchema, reconciliationReportSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

const PAGE = '/owner/payments/reconciliation';

/**
 * POST /owner/payments/reconciliation/run (day): makes (or remakes) the day's report with
 * POST /v1/owner/payments/reconciliation?day=, then back to that day's page.
 */
export const dynamic = 'force-dynamic';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const day = textField(post.form, 'day');
  if (!reconciliationDaySchema.safeParse(day).success) return post.done(PAGE, 'error', 'Pick a day first.');
  const page = `${PAGE}?day=${day}`;
  const answer = await post.api.post(
    `/v1/owner/payments/reconciliation?day=${day}`,
    undefined,
    reconciliationReportSchema,
  );
  return answer.ok
    ? post.done(page, 'ok', `Checked ${day}: ${answer.data.report.totals.mismatches} to look at.`)
    : post.failed(page, answer.problem);
});
