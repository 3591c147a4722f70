import { createHash, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DARAJA_ERRORS, installDarajaErrorHandling, sendDarajaError } from './daraja-errors';

/** Daraja tokens live 3600 s; the response reports one second less, as a string. */
export const DARAJA_TOKEN_TTL_SECONDS = 3600;

export interface DarajaCredentials {
  consumerKey: string;
  consumerSecret: string;
}

export interface IssuedToken {
  accessToken: string;
  /** What the response's expires_in carries (seconds, before the string conversion). */
  expiresInSeconds: number;
}

export interface VerifiedToken {
  consumerKey: string;
  expiresAt: number;
}

interface TokenRecord {
  /** Identifies the credential set: consumer key plus a hash of the secret (never the secret). */
  credentialId: string;
  consumerKey: string;
  expiresAt: number;
}

export interface DarajaTokenStoreOptions {
  ttlSeconds?: number;
  /** Milliseconds since the epoch; injectable so expiry can be tested without waiting an hour. */
  now?: () => number;
}

/**
 * In-memory Daraja access tokens. Credential sets are registered implicitly: any non-empty
 * key:secret pair gets tokens. Issuing a token for a credential set revokes its previous one
 * (reference 1.1), so at most one token per credential set is valid.
 */
export class DarajaTokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly currentTokenByCredential = new Map<string, string>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: DarajaTokenStoreOptions = {}) {
    this.ttlMs = (options.ttlSeconds ?? DARAJA_TOKEN_TTL_SECONDS) * 1000;
    this.now = options.now ?? Date.now;
  }

  issue(credentials: DarajaCredentials): IssuedToken {
    const credentialId = credentialIdOf(credentials);
    const previous = this.currentTokenByCredential.get(credentialId);
    if (previous !== undefined) this.tokens.delete(previous);

    const accessToken = newAccessToken();
    this.tokens.set(accessToken, {
      credentialId,
      consumerKey: credentials.consumerKey,
      expiresAt: this.now() + this.ttlMs,
    });
    this.currentTokenByCredential.set(credentialId, accessToken);
    return { accessToken, expiresInSeconds: this.ttlMs / 1000 - 1 };
  }

  /** The token's owner if the token is current and unexpired, else null. */
  verifyBearer(token: string): VerifiedToken | null {
    const record = this.tokens.get(token);
    if (record === undefined) return null;
    if (record.expiresAt <= this.now()) {
      this.revoke(token, record);
      return null;
    }
    return { consumerKey: record.consumerKey, expiresAt: record.expiresAt };
  }

  /** Valid tokens per consumer key (one per distinct secret used with that key). */
  activeTokensByConsumerKey(): Array<{ consumerKey: string; activeTokens: number }> {
    const counts = new Map<string, number>();
    for (const [token, record] of this.tokens) {
      if (record.expiresAt <= this.now()) {
        this.revoke(token, record);
        continue;
      }
      counts.set(record.consumerKey, (counts.get(record.consumerKey) ?? 0) + 1);
    }
    return [...counts].map(([consumerKey, activeTokens]) => ({ consumerKey, activeTokens }));
  }

  clear(): void {
    this.tokens.clear();
    this.currentTokenByCredential.clear();
  }

  private revoke(token: string, record: TokenRecord): void {
    this.tokens.delete(token);
    if (this.currentTokenByCredential.get(record.credentialId) === token)
      this.currentTokenByCredential.delete(record.credentialId);
  }
}

function credentialIdOf({ consumerKey, consumerSecret }: DarajaCredentials): string {
  return `${consumerKey}:${createHash('sha256').update(consumerSecret).digest('hex')}`;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Daraja tokens are 28 alphanumeric characters. */
function newAccessToken(): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps the draw uniform.
  let token = '';
  while (token.length < 28) {
    for (const byte of randomBytes(32)) {
      if (byte < 248 && token.length < 28) token += TOKEN_ALPHABET[byte % 62];
    }
  }
  return token;
}

/** Parses `Basic base64(key:secret)`; null when missing, not Basic, garbled or with an empty part. */
export function parseBasicCredentials(authorization: string | undefined): DarajaCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization ?? '');
  const encoded = match?.[1];
  if (encoded === undefined || encoded.length % 4 !== 0) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { consumerKey: decoded.slice(0, colon), consumerSecret: decoded.slice(colon + 1) };
}

/** The token from `Bearer <token>`, or null. */
export function bearerTokenOf(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * preHandler for every Daraja API other than OAuth: a missing, unknown, superseded or expired
 * token answers HTTP 404 `404.001.03` "Invalid Access Token", as Daraja does.
 */
export function requireDarajaBearer(store: DarajaTokenStore) {
  return async function requireBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = bearerTokenOf(request.headers.authorization);
    if (token === null || store.verifyBearer(token) === null) {
      await sendDarajaError(reply, DARAJA_ERRORS.invalidAccessToken);
    }
  };
}

/** Mounted at /oauth. `GET /v1/generate?grant_type=client_credentials` (reference 1.1). */
export function darajaOAuthRoutes(store: DarajaTokenStore): FastifyPluginAsync {
  return async (scope) => {
    installDarajaErrorHandling(scope);

    scope.get('/v1/generate', async (request, reply) => {
      const { grant_type: grantType } = request.query as Record<string, unknown>;
      // Checked before the credentials, as a grant-type typo is reported even with valid keys.
      if (grantType !== 'client_credentials') return sendDarajaError(reply, DARAJA_ERRORS.invalidGrantType);

      const credentials = parseBasicCredentials(request.headers.authorization);
      if (credentials === null) return sendDarajaError(reply, DARAJA_ERRORS.invalidAuthType);

      const issued = store.issue(credentials);
      request.log.info({ consumerKey: credentials.consumerKey }, 'daraja access token issued');
      return reply.code(200).send({ access_token: issued.accessToken, expires_in: String(issued.expiresInSeconds) });
    });
  };
}
