import { ownerProductResponseSchema } from '@sokoni/contracts';
import { productPost } from '@/lib/owner-route';

/** POST /owner/products/<slug>/details (title, description, status): PATCH /v1/owner/catalog/products/:slug. */
export const dynamic = 'force-dynamic';

const STATUSES = new Set(['active', 'draft', 'archived']);

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { slug, page, post, form } = start;
  const title = (form.get('title') ?? '').trim();
  const description = (form.get('description') ?? '').replace(/\r\n/g, '\n').trim();
  const status = form.get('status') ?? '';
  if (!title) return post.done(page, 'error', 'Give the product a title.');
  if (!STATUSES.has(status)) return post.done(page, 'error', 'Pick a status.');
  const answer = await post.api.patch(
    `/v1/owner/catalog/products/${slug}`,
    { title, description, status },
    ownerProductResponseSchema,
  );
  return answer.ok ? post.done(page, 'ok', 'Details saved.') : post.failed(page, answer.problem);
}
