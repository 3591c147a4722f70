import { brandingResponseSchema } from '@sokoni/contracts';
import { notFound, seeOther } from '@/lib/route';
import { ownerPost } from '@/lib/owner-route';
import { readRequestForm } from '@/lib/http';

/**
 * POST /owner/settings/branding/picture/<logo|hero>: multipart with `picture` -> the API's raw
 * image upload (POST /v1/owner/settings/branding/:kind, image/* body); a plain form with
 * remove=1 -> DELETE. The API resizes the picture and makes the renditions.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/branding';
/** The API's own limit for an image body is 10 MB; the multipart wrapping adds a little. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif']);

export async function POST(request: Request, { params }: { params: Promise<{ kind: string }> }): Promise<Response> {
  const kind = (await params).kind;
  if (kind !== 'logo' && kind !== 'hero') return notFound();
  const post = await ownerPost(request, PAGE, { readForm: false });
  if (post instanceof Response) return post;
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    const form = await readRequestForm(request);
    if (form?.get('remove') !== '1') return seeOther(PAGE);
    const answer = await post.api.request('DELETE', `/v1/owner/settings/branding/${kind}`, {
      schema: brandingResponseSchema,
    });
    return answer.ok ? post.done(PAGE, 'ok', `The ${kind} is removed.`) : post.failed(PAGE, answer.problem);
  }
  if (Number(request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024)
    return post.done(PAGE, 'error', `That ${kind} is too big: up to 10 MB.`);
  let file: File | null = null;
  try {
    const part = (await request.formData()).get('picture');
    file = part instanceof File ? part : null;
  } catch {
    return post.done(PAGE, 'error', 'The picture did not arrive whole. Try again.');
  }
  if (!file || file.size === 0) return post.done(PAGE, 'error', 'Pick a picture first.');
  if (file.size > MAX_UPLOAD_BYTES) return post.done(PAGE, 'error', `That ${kind} is too big: up to 10 MB.`);
  const fileType = file.type.toLowerCase();
  if (!TYPES.has(fileType)) return post.done(PAGE, 'error', 'Send a JPEG, PNG, WebP or AVIF picture.');
  const answer = await post.api.upload(`/v1/owner/settings/branding/${kind}`, file, fileType, brandingResponseSchema);
  return answer.ok ? post.done(PAGE, 'ok', `New ${kind} saved.`) : post.failed(PAGE, answer.problem);
}
