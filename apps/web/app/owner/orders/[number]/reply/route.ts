import { OWNER_REPLY_MAX_CHARS, ownerReplySentSchema } from '@sokoni/contracts';
import { orderPost } from '@/lib/owner-route';

/**
 * POST /owner/orders/<n>/reply (text): POST /v1/owner/orders/:n/messages, a free-text WhatsApp
 * to the order's shopper. The API decides whether it may go (24-hour window, STOP, a connected
 * number) and says why not in words; back to the order's conversation either way.
 */
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ number: string }> }): Promise<Response> {
  const start = await orderPost(request, params);
  if (start instanceof Response) return start;
  const { number, page, post } = start;
  // Browsers send a textarea's line breaks as CRLF; the shopper's WhatsApp wants plain LF.
  const text = (post.form.get('text') ?? '').replace(/\r\n?/g, '\n').trim();
  if (!text) return toConversation(post.done(page, 'error', 'Type a reply first.'), page);
  if (text.length > OWNER_REPLY_MAX_CHARS)
    return toConversation(
      post.done(page, 'error', `A reply can be at most ${OWNER_REPLY_MAX_CHARS} characters.`),
      page,
    );
  const answer = await post.api.post(`/v1/owner/orders/${number}/messages`, { text }, ownerReplySentSchema);
  return toConversation(
    answer.ok ? post.done(page, 'ok', 'Reply sent on WhatsApp.') : post.failed(page, answer.problem),
    page,
  );
}

/** Lands on the conversation (#conversation), unless the answer sends the owner elsewhere (login). */
function toConversation(response: Response, page: string): Response {
  const location = response.headers.get('location');
  if (location && (location === page || location.startsWith(`${page}?`)))
    response.headers.set('location', `${location}#conversation`);
  return response;
}
