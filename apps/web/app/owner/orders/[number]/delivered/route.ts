import { notFound } from '@/lib/route';
import { orderNumberParam, ownerPost } from '@/lib/owner-route';

/** POST /owner/orders/<n>/delivered: POST /v1/owner/orders/:n/delivered (the shopper has it). */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const number = orderNumberParam((await params).number);
  if (number === null) return notFound();
  const page = `/owner/orders/${number}`;
  const post = await ownerPost(request, page);
  if (post instanceof Response) return post;
  const note = (post.form?.get('note') ?? '').trim().slice(0, 300);
  const answer = await post.api.post(`/v1/owner/orders/${number}/delivered`, note ? { note } : {});
  return answer.ok ? post.done(page, 'ok', 'Marked delivered.') : post.failed(page, answer.problem);
}
