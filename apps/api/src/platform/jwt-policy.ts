import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';

/**
 * Leeway between the clock that stamps a token and the one that checks it. Owner and shopper
 * tokens take `iat` from the database's clock and are verified by the API's, and jose computes
 * `iat` and `exp` from two separate `new Date()` calls (a second boundary can fall between them).
 */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

/** Thrown when a correctly signed token does not carry a sane lifetime (callers answer 401). */
export class TokenLifetimeRefused extends Error {}

/**
 * Words for a token refused by the policy below (algorithm, missing exp/iat, lifetime), or
 * undefined for any other failure (bad signature, wrong issuer...), which callers word themselves.
 */
export function tokenPolicyRefusal(error: unknown): string | undefined {
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'Token refused: it is not signed with the algorithm we issue (HS256)';
  if (
    error instanceof joseErrors.JWTClaimValidationFailed &&
    (error.claim === 'exp' || error.claim === 'iat') &&
    error.reason === 'missing'
  ) {
    return 'Token refused: it has no expiry (exp) or issue time (iat)';
  }
  if (error instanceof TokenLifetimeRefused) return `Token refused: ${error.message}`;
  return undefined;
}

/**
 * Verifies an HS256 JWT we issued and refuses any that would live longer than we ever issue:
 *
 * - `algorithms: ['HS256']`: `alg: none`, HS512 and anything else are refused before the
 *   signature is looked at (the key is a shared secret, so a token in another algorithm is
 *   forged by definition).
 * - `exp` and `iat` are required: a token without an expiry would be valid forever.
 * - `exp - iat <= maxLifetimeSeconds` and `iat` not in the future: a token signed with a leaked
 *   or misused key for "10 years" is refused, and so is one whose `iat` is moved ahead to make
 *   a short-looking lifetime end years from now.
 *
 * jose's `maxTokenAge` alone would not catch a long `exp` paired with a fresh `iat`, hence the
 * explicit lifetime check.
 */
export async function verifyIssuedJwt(
  token: string,
  key: Uint8Array,
  options: { issuer: string; audience?: string; maxLifetimeSeconds: number },
): Promise<JWTVerifyResult<JWTPayload>> {
  const result = await jwtVerify(token, key, {
    algorithms: ['HS256'],
    issuer: options.issuer,
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    requiredClaims: ['exp', 'iat'],
  });
  const { exp, iat } = result.payload;
  const now = Math.floor(Date.now() / 1000);
  if (typeof exp !== 'number' || typeof iat !== 'number')
    throw new TokenLifetimeRefused('it has no expiry (exp) or issue time (iat)');
  if (exp - iat > options.maxLifetimeSeconds + TOKEN_CLOCK_SKEW_SECONDS)
    throw new TokenLifetimeRefused('it lives longer than the tokens we issue');
  if (iat > now + TOKEN_CLOCK_SKEW_SECONDS) throw new TokenLifetimeRefused('its issue time (iat) is in the future');
  return result;
}
