import { ownerDeliveryRulesSavedSchema } from '@sokoni/contracts';
import { intField, ownerPost } from '@/lib/owner-route';

/** POST /owner/delivery/rules (freeDeliveryFromKes, pickupFeeKes; empty = off): PUT /v1/owner/delivery/rules. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/delivery';

export async function POST(request: Request): Promise<Response> {
  const post = await ownerPost(request, PAGE);
  if (post instanceof Response) return post;
  const form = post.form;
  const read = (name: string): number | null | 'bad' => {
    if (!(form.get(name) ?? '').trim()) return null;
    return intField(form, name) ?? 'bad';
  };
  const freeDeliveryFromKes = read('freeDeliveryFromKes');
  const pickupFeeKes = read('pickupFeeKes');
  if (freeDeliveryFromKes === 'bad' || pickupFeeKes === 'bad')
    return post.done(PAGE, 'error', 'Enter amounts in shillings, like 3000, or leave them empty.');
  const answer = await post.api.put(
    '/v1/owner/delivery/rules',
    { freeDeliveryFromKes: freeDeliveryFromKes || null, pickupFeeKes },
    ownerDeliveryRulesSavedSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Rules saved.') : post.failed(PAGE, answer.problem);
}
