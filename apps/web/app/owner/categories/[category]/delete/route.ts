import { ownerCategoryDeletedSchema } from '@sokoni/contracts';
import { ownerSlugRoute } from '@/lib/owner-route';

/** POST /owner/categories/<slug>/delete: DELETE /v1/owner/catalog/categories/:slug (products move, never orphaned). */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/categories';

export const POST = ownerSlugRoute('category', PAGE, async (slug, post) => {
  const answer = await post.api.request('DELETE', `/v1/owner/catalog/categories/${slug}`, {
    schema: ownerCategoryDeletedSchema,
  });
  if (!answer.ok) return post.failed(PAGE, answer.problem);
  const { productsMoved, movedTo } = answer.data;
  return post.done(
    PAGE,
    'ok',
    productsMoved ? `Deleted. Its ${productsMoved} product(s) are now in "${movedTo}".` : 'Category deleted.',
  );
});
