import { ownerDoneSchema, ownerImageListSchema } from '@sokoni/contracts';
import { productPost, textField } from '@/lib/owner-route';

/**
 * POST /owner/products/<slug>/photos (image, action = up | down | to | delete | assign, position
 * for `to`, colour = "<option>::<value>" or "" for none): a photo one place up or down, to a
 * place (dragged: components/PhotoDragReorder.tsx posts this same form), removed, or made the
 * picture of every variant of one colour. Plain forms: the buttons work without JavaScript.
 */
export const dynamic = 'force-dynamic';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { slug, page, post, form } = start;
  const image = textField(form, 'image');
  if (!UUID_RE.test(image)) return post.done(page, 'error', 'Pick a photo.');
  const action = textField(form, 'action');
  const base = `/v1/owner/catalog/products/${slug}/images/${image}`;
  // No #fragment: the flash id goes in the query (?f=) after the path.
  const back = page;
  if (action === 'up' || action === 'down') {
    const answer = await post.api.post(`${base}/move`, { direction: action }, ownerDoneSchema);
    return answer.ok ? post.done(back, 'ok', `Photo moved ${action}.`) : post.failed(back, answer.problem);
  }
  if (action === 'to') {
    const position = textField(form, 'position');
    if (!/^\d{1,3}$/.test(position)) return post.done(back, 'error', 'Drop the photo on a place in the list.');
    const answer = await post.api.post(`${base}/move`, { position: Number(position) }, ownerDoneSchema);
    return answer.ok
      ? post.done(
          back,
          'ok',
          Number(position) === 0 ? 'Photo is now the main photo.' : `Photo moved to place ${Number(position) + 1}.`,
        )
      : post.failed(back, answer.problem);
  }
  if (action === 'delete') {
    const answer = await post.api.request('DELETE', base, { schema: ownerDoneSchema });
    return answer.ok ? post.done(back, 'ok', 'Photo removed.') : post.failed(back, answer.problem);
  }
  if (action === 'assign') {
    const colour = textField(form, 'colour');
    const [option, value] = colour.split('::');
    const body = colour && option && value ? { option, value } : { none: true };
    const answer = await post.api.post(`${base}/variants`, body, ownerImageListSchema);
    return answer.ok
      ? post.done(
          back,
          'ok',
          'option' in body ? `Photo set for ${body.option} ${body.value}.` : 'Photo unlinked from variants.',
        )
      : post.failed(back, answer.problem);
  }
  return post.done(back, 'error', 'Pick what to do with the photo.');
}
