import { ownerCategoryResponseSchema } from '@sokoni/contracts';
import { ownerSlugRoute, textField } from '@/lib/owner-route';

/** POST /owner/categories/<slug>/edit (name, parentSlug): PATCH /v1/owner/catalog/categories/:slug. */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/categories';

export const POST = ownerSlugRoute('category', PAGE, async (slug, post) => {
  const name = textField(post.form, 'name');
  if (!name) return post.done(PAGE, 'error', 'Give the category a name.');
  const parentSlug = textField(post.form, 'parentSlug') || null;
  const answer = await post.api.patch(
    `/v1/owner/catalog/categories/${slug}`,
    { name, parentSlug },
    ownerCategoryResponseSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', `Saved: ${answer.data.category.name}.`) : post.failed(PAGE, answer.problem);
});
