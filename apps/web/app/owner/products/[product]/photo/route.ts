import { ownerProductImageAddedSchema } from '@sokoni/contracts';
import { notFound, seeOther } from '@/lib/route';
import { ownerPost } from '@/lib/owner-route';

/**
 * POST /owner/products/<slug>/photo (multipart: photo, alt): the API takes the raw image as the
 * request body (POST /v1/owner/catalog/products/:slug/images, image/* content type), so the file
 * part is passed on as it is, with its own type. The API resizes it and makes the renditions.
 */
export const dynamic = 'force-dynamic';

const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The API's own limit for an image body is 10 MB; the multipart wrapping adds a little. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif']);

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const slug = (await params).product;
  if (!SLUG_RE.test(slug)) return notFound();
  const page = `/owner/products/${slug}`;
  const post = await ownerPost(request, page, { readForm: false });
  if (post instanceof Response) return post;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024)
    return post.done(page, 'error', 'That photo is too big: up to 10 MB. Take it again at a lower size.');
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
    return seeOther(page);
  let file: File | null = null;
  let alt = '';
  try {
    const data = await request.formData();
    const part = data.get('photo');
    file = part instanceof File ? part : null;
    const altPart = data.get('alt');
    alt = typeof altPart === 'string' ? altPart.trim().slice(0, 200) : '';
  } catch {
    return post.done(page, 'error', 'The photo did not arrive whole. Try again.');
  }
  if (!file || file.size === 0) return post.done(page, 'error', 'Pick a photo first.');
  if (file.size > MAX_UPLOAD_BYTES) return post.done(page, 'error', 'That photo is too big: up to 10 MB.');
  const type = file.type.toLowerCase();
  if (!TYPES.has(type)) return post.done(page, 'error', 'Send a JPEG, PNG, WebP or AVIF photo.');
  const answer = await post.api.upload(
    `/v1/owner/catalog/products/${slug}/images${alt ? `?alt=${encodeURIComponent(alt)}` : ''}`,
    file,
    type,
    ownerProductImageAddedSchema,
  );
  return answer.ok ? post.done(page, 'ok', 'Photo added.') : post.failed(page, answer.problem);
}
