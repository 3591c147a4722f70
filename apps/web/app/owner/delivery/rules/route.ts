import { ownerDeliveryRulesSavedSchema } from '@sokoni/contracts';
import { intField, ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/delivery/rules (freeDeliveryFromKes, pickupFeeKes; empty = off): PUT /v1/owner/delivery/rules. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/delivery';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const read = (name: string): number | null | 'bad' => {
    if (!textField(form, name)) return null;
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
});
