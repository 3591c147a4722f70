import { ownerCategoryResponseSchema } from '@sokoni/contracts';
import { ownerSlugRoute, textField } from '@/lib/owner-route';

/** POST /owner/categories/<slug>/move (direction up|down): POST /v1/owner/catalog/categories/:slug/move. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/categories';

export const POST = ownerSlugRoute('category', PAGE, async (slug, post) => {
  const direction = textField(post.form, 'direction');
  if (direction !== 'up' && direction !== 'down') return post.done(PAGE, 'error', 'Move it up or down.');
  const answer = await post.api.post(
    `/v1/owner/catalog/categories/${slug}/move`,
    { direction },
    ownerCategoryResponseSchema,
  );
  return answer.ok
    ? post.done(PAGE, 'ok', `Moved ${answer.data.category.name} ${direction}.`)
    : post.failed(PAGE, answer.problem);
});
