import { ownerCategoryResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/** POST /owner/categories/add (name, parentSlug): POST /v1/owner/catalog/categories. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/categories';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const name = textField(post.form, 'name');
  if (!name) return post.done(PAGE, 'error', 'Give the category a name.');
  const parentSlug = textField(post.form, 'parentSlug') || null;
  const answer = await post.api.post('/v1/owner/catalog/categories', { name, parentSlug }, ownerCategoryResponseSchema);
  return answer.ok
    ? post.done(PAGE, 'ok', `Category added: ${answer.data.category.name}.`)
    : post.failed(PAGE, answer.problem);
});
