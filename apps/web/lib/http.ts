/**
 * Small pieces for the storefront's form posts (cart and checkout), used by route handlers
 * (Fetch Request) and by getServerSideProps (Node IncomingMessage).
 */
import type { IncomingMessage } from 'node:http';

/** Checkout and cart forms are a few hundred bytes; anything this big is not ours. */
export const MAX_FORM_BYTES = 16 * 1024;

type HeaderGetter = (name: string) => string | null;

function getter(source: Headers | IncomingMessage['headers']): HeaderGetter {
  if (source instanceof Headers) return (name) => source.get(name);
  return (name) => {
    const v = source[name];
    return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
  };
}

/**
 * Is a POST from one of our own pages? The cart cookie is SameSite=Lax, so a cross-site form
 * never carries it; this also refuses cross-site posts that would start a new cart (and so
 * replace the shopper's). Browsers send Origin on every POST; a request without it (curl, very
 * old browsers) is let through, as cookies alone cannot be forged cross-site.
 */
export function sameOrigin(source: Headers | IncomingMessage['headers']): boolean {
  const get = getter(source);
  const origin = get('origin');
  if (origin === null) return true;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, opaque origins) or junk
  }
  const own = [get('host'), get('x-forwarded-host')]
    .filter((h): h is string => !!h)
    .map((h) => h.split(',')[0]!.trim().toLowerCase());
  return own.includes(host);
}

/** An urlencoded POST body from a Pages Router request (Next does not parse it for pages). */
export async function readFormBody(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A form post to a route handler (urlencoded or multipart, as FormData(form) sends it). */
export async function readRequestForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return null;
  try {
    const data = await request.formData();
    const out = new URLSearchParams();
    for (const [k, v] of data) if (typeof v === 'string') out.append(k, v);
    return out;
  } catch {
    return null;
  }
}
