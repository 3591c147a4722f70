import { conversationPhoneSchema, OWNER_REPLY_MAX_CHARS, ownerReplySentSchema } from '@sokoni/contracts';
import { ownerPost } from '@/lib/owner-route';
import { notFound } from '@/lib/route';

/**
 * POST /owner/inbox/<phone>/reply (text): free text to the shopper with
 * POST /v1/owner/conversations/:phone/messages. The API decides whether it may go (24-hour
 * window, STOP, a connected number) and says why not; back to the conversation either way.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ phone: string }> }): Promise<Response> {
  const { phone } = await params;
  if (!conversationPhoneSchema.safeParse(phone).success) return notFound();
  const page = `/owner/inbox/${phone}`;
  const post = await ownerPost(request, page);
  if (post instanceof Response) return post;
  // Browsers send a textarea's line breaks as CRLF; WhatsApp wants plain LF.
  const text = (post.form.get('text') ?? '').replace(/\r\n?/g, '\n').trim();
  if (!text) return post.done(page, 'error', 'Type a reply first.');
  if (text.length > OWNER_REPLY_MAX_CHARS)
    return post.done(page, 'error', `A reply can be at most ${OWNER_REPLY_MAX_CHARS} characters.`);
  const answer = await post.api.post(`/v1/owner/conversations/${phone}/messages`, { text }, ownerReplySentSchema);
  return answer.ok ? post.done(page, 'ok', 'Reply sent on WhatsApp.') : post.failed(page, answer.problem);
}
