import { conversationPhoneSchema, ownerReplySentSchema } from '@sokoni/contracts';
import { ownerPost, textField } from '@/lib/owner-route';
import { notFound } from '@/lib/route';

/**
 * POST /owner/inbox/<phone>/template (template): one of the approved order updates the thread
 * offered, with POST /v1/owner/conversations/:phone/messages { template }. The API checks it
 * still fits the order; back to the conversation with what happened.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ phone: string }> }): Promise<Response> {
  const { phone } = await params;
  if (!conversationPhoneSchema.safeParse(phone).success) return notFound();
  const page = `/owner/inbox/${phone}`;
  const post = await ownerPost(request, page);
  if (post instanceof Response) return post;
  const template = textField(post.form, 'template');
  if (!/^[a-z_]{1,40}$/.test(template)) return post.done(page, 'error', 'Pick an update to send.');
  const answer = await post.api.post(`/v1/owner/conversations/${phone}/messages`, { template }, ownerReplySentSchema);
  return answer.ok
    ? post.done(page, 'ok', `Order update sent (${answer.data.message.channel === 'sms' ? 'by SMS' : 'on WhatsApp'}).`)
    : post.failed(page, answer.problem);
}
