import { revalidateTag } from 'next/cache';
import { ownerPost, type OwnerPost } from '@/lib/owner-route';
import { notFound } from '@/lib/route';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BACK_RE = /^\/owner\/reviews(\?[A-Za-z0-9=&%_.-]*)?$/;

/**
 * A form post about one review (/owner/reviews/<id>/<action>): same site, signed in, a review id,
 * and the list page to come back to (the `back` field: the list with its filters, else the list).
 */
export async function reviewPost(
  request: Request,
  params: Promise<{ id: string }>,
  handle: (post: OwnerPost, id: string, back: string) => Promise<Response>,
): Promise<Response> {
  const { id } = await params;
  if (!UUID_RE.test(id)) return notFound();
  const post = await ownerPost(request, '/owner/reviews');
  if (post instanceof Response) return post;
  const requested = post.form.get('back') ?? '';
  const back = BACK_RE.test(requested) ? requested : '/owner/reviews';
  return handle(post, id, back);
}

/** The product page's cached reviews, refreshed at once after a reply or a hide (the API queues the same). */
export function refreshProductPage(post: OwnerPost, productSlug: string): void {
  revalidateTag(`product:${post.session.store}:${productSlug}`, { expire: 0 });
}
