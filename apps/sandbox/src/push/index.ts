import { createPublicKey, randomUUID, verify } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SandboxProvider } from '../provider';

/**
 * A browser push service stand-in (CONTRACT.md beside this file): `POST /push/<subscription id>`
 * takes an encrypted Web Push message (RFC 8291, aes128gcm) with VAPID auth (RFC 8292), checks the
 * Authorization header's JWT against the key it names, records the message and answers 201 as
 * FCM and Mozilla do. A subscription marked gone answers 410. Test controls under /__admin/push.
 */
export interface ReceivedPush {
  id: string;
  subscription: string;
  receivedAt: string;
  ttl: string | null;
  urgency: string | null;
  contentEncoding: string | null;
  /** The encrypted body, base64 (the test decrypts it with the subscription's private key). */
  body: string;
  vapid: { valid: boolean; problem: string | null; aud: string | null; sub: string | null; publicKey: string | null };
}

const b64url = (b: Buffer) => b.toString('base64url');

/** Checks `vapid t=<jwt>, k=<public key>`: ES256 signature by k, aud = this origin, exp within 24 h. */
export function checkVapid(authorization: string | undefined, origin: string, now = Date.now()): ReceivedPush['vapid'] {
  const fail = (problem: string, extra: Partial<ReceivedPush['vapid']> = {}) => ({
    valid: false,
    problem,
    aud: null,
    sub: null,
    publicKey: null,
    ...extra,
  });
  const m = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
  if (!m) return fail('Authorization is not "vapid t=<jwt>, k=<key>"');
  const [, token, key] = m as unknown as [string, string, string];
  const parts = token.split('.');
  if (parts.length !== 3) return fail('t is not a JWT');
  const raw = Buffer.from(key, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) return fail('k is not an uncompressed P-256 point', { publicKey: key });
  let claims: { aud?: unknown; exp?: unknown; sub?: unknown };
  let header: { alg?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return fail('JWT header or claims are not JSON', { publicKey: key });
  }
  const aud = typeof claims.aud === 'string' ? claims.aud : null;
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  const seen = { aud, sub, publicKey: key };
  if (header.alg !== 'ES256') return fail('JWT alg is not ES256', seen);
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(parts[2]!, 'base64url'),
  );
  if (!signed) return fail('JWT signature does not verify with k', seen);
  if (aud !== origin) return fail(`aud ${aud} is not ${origin}`, seen);
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now || claims.exp * 1000 > now + 24 * 3600_000 + 60_000)
    return fail('exp is missing, past, or more than 24 h ahead', seen);
  if (!sub || !/^(mailto:|https:\/\/)/.test(sub)) return fail('sub is not mailto: or https://', seen);
  return { valid: true, problem: null, ...seen };
}

class PushOutbox {
  readonly messages: ReceivedPush[] = [];
  readonly gone = new Set<string>();
  clear() {
    this.messages.length = 0;
    this.gone.clear();
  }
}

function pushRoutes(outbox: PushOutbox): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(['application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    app.post('/push/:subscription', async (request: FastifyRequest<{ Params: { subscription: string } }>, reply) => {
      const { subscription } = request.params;
      if (outbox.gone.has(subscription)) return reply.code(410).send('push subscription has unsubscribed or expired.');
      const origin = `${request.protocol}://${request.headers.host}`;
      const vapid = checkVapid(request.headers.authorization, origin);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = (name: string) => (request.headers[name] as string | undefined) ?? null;
      // Real services refuse these too: 401/403 for bad VAPID, 400 without TTL or encoding.
      if (!vapid.valid) return reply.code(403).send({ reason: vapid.problem });
      if (header('ttl') === null) return reply.code(400).send({ reason: 'TTL header is required' });
      if (header('content-encoding') !== 'aes128gcm' || body.length < 86)
        return reply.code(400).send({ reason: 'body must be aes128gcm-encrypted' });
      const id = randomUUID();
      outbox.messages.push({
        id,
        subscription,
        receivedAt: new Date().toISOString(),
        ttl: header('ttl'),
        urgency: header('urgency'),
        contentEncoding: header('content-encoding'),
        body: body.toString('base64'),
        vapid,
      });
      return reply.code(201).header('location', `${origin}/push/messages/${id}`).send();
    });
  };
}

function pushAdminRoutes(outbox: PushOutbox): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/messages', async (request) => {
      const { subscription } = request.query as { subscription?: string };
      return { messages: outbox.messages.filter((m) => !subscription || m.subscription === subscription) };
    });
    // The browser unsubscribed (or the subscription expired): the service answers 410 from now on.
    admin.post('/subscriptions/:subscription/gone', async (request) => {
      const { subscription } = request.params as { subscription: string };
      outbox.gone.add(subscription);
      return { gone: subscription };
    });
  };
}

export function createPushProvider(): SandboxProvider {
  const outbox = new PushOutbox();
  return { name: 'push', routes: pushRoutes(outbox), admin: pushAdminRoutes(outbox), reset: () => outbox.clear() };
}
