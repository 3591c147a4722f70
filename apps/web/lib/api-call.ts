/**
 * One call to the API from the owner dashboard or the store wizard, its answer parsed with the
 * call's contract (@sokoni/contracts). The only transport of lib/owner-api.ts and
 * lib/wizard-api.ts; no Next.js imports, so a test can drive it against a real HTTP server.
 *
 *  - 2xx: the body is parsed with the schema the caller names (required: there is no unchecked
 *    answer). One that does not match is logged as JSON (method, path, status and the zod issues
 *    with their paths) and comes back as a problem, 502 `unexpected_answer` with a friendly
 *    message, like any refusal: the page shows its problem box, a form post its flash; never a
 *    crash or a stack trace.
 *  - non-2xx: the API's own `{ error: { code, message, details } }` as a problem, for the page to
 *    show as it is (lockouts, "Your role (staff) may not do this", stock and status conflicts).
 *  - no answer (network, timeout): problem 0 `unreachable`.
 */
import { errorBodySchema } from '@sokoni/contracts';
import type { Forwarded } from './api';
import { apiUrl } from './config';
import { REQUEST_ID_HEADER } from './store-context';
import { webLog } from './log';

const TIMEOUT_MS = 15_000;
const UPLOAD_TIMEOUT_MS = 60_000;
export const UNREACHABLE = 'Could not reach Sokoni. Check your connection and try again.';
export const UNEXPECTED_ANSWER = 'Sokoni answered in a way this page does not understand. Try again in a minute.';

export interface OwnerProblem {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type OwnerAnswer<T> = { ok: true; status: number; data: T } | { ok: false; problem: OwnerProblem };

/** One problem zod found, as it reports it. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
}

/** The part of a zod schema we use (keeps zod itself out of the web's imports). */
export interface Schema<T> {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { message: string; issues: readonly SchemaIssue[] } };
}

export interface RequestOptions<T> {
  /** The answer's contract: every 2xx body is parsed with it. */
  schema: Schema<T>;
  body?: unknown;
  /** A raw body (photo upload, CSV) with its content type, instead of JSON. */
  raw?: { body: string | Blob; contentType: string };
  /** Overrides the JSON call timeout (uploads always get UPLOAD_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Extra request headers (an Idempotency-Key). */
  headers?: Record<string, string>;
}

function headersFor(forwarded: Forwarded, extra: Record<string, string>): Record<string, string> {
  return {
    accept: 'application/json',
    ...(forwarded.requestId ? { [REQUEST_ID_HEADER]: forwarded.requestId } : {}),
    ...(forwarded.forwardedFor ? { 'x-forwarded-for': forwarded.forwardedFor } : {}),
    ...extra,
  };
}

/** At most this many issues are logged (a list of 500 wrong rows says nothing more than 10). */
const LOGGED_ISSUES = 10;

/** `items.3.priceKes` for zod's ['items', 3, 'priceKes']. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length ? path.map((p) => String(p)).join('.') : '(root)';
}

/** The answer of a call, parsed with its contract; exported for tests. */
export async function toAnswer<T>(
  res: Response,
  method: string,
  path: string,
  schema: Schema<T>,
): Promise<OwnerAnswer<T>> {
  const text = await res.text();
  let body: unknown = undefined;
  let json = true;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    json = false;
  }
  if (res.ok) {
    const parsed = json ? schema.safeParse(body) : null;
    if (parsed?.success) return { ok: true, status: res.status, data: parsed.data };
    webLog('warn', 'API answer does not match its contract', {
      method,
      path: path.split('?')[0],
      status: res.status,
      issues: parsed
        ? parsed.error.issues
            .slice(0, LOGGED_ISSUES)
            .map((i) => ({ path: issuePath(i.path), code: i.code, message: i.message }))
        : [{ path: '(root)', code: 'not_json', message: 'the body is not JSON' }],
      moreIssues: parsed ? Math.max(parsed.error.issues.length - LOGGED_ISSUES, 0) : 0,
    });
    return { ok: false, problem: { status: 502, code: 'unexpected_answer', message: UNEXPECTED_ANSWER, details: {} } };
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const details = parsed.data.error.details;
    return {
      ok: false,
      problem: {
        status: res.status,
        code: parsed.data.error.code,
        message: parsed.data.error.message,
        details: details && typeof details === 'object' ? (details as Record<string, unknown>) : {},
      },
    };
  }
  return {
    ok: false,
    problem: {
      status: res.status,
      code: 'unexpected',
      message: `Sokoni answered with an error (${res.status}). Try again in a minute.`,
      details: {},
    },
  };
}

/** One call to the API with a Bearer token (or none), its answer parsed with `options.schema`. */
export async function callApi<T>(
  method: string,
  path: string,
  forwarded: Forwarded,
  token: string | undefined,
  options: RequestOptions<T>,
): Promise<OwnerAnswer<T>> {
  const extra: Record<string, string> = { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  let body: BodyInit | undefined;
  if (options.raw) {
    extra['content-type'] = options.raw.contentType;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    extra['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`${apiUrl()}${path}`, {
      method,
      headers: headersFor(forwarded, extra),
      body,
      cache: 'no-store',
      signal: AbortSignal.timeout(options.raw ? UPLOAD_TIMEOUT_MS : (options.timeoutMs ?? TIMEOUT_MS)),
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'unreachable', message: UNREACHABLE, details: {} } };
  }
  try {
    return await toAnswer(res, method, path, options.schema);
  } catch {
    // The body broke off midway (connection reset, timeout while reading).
    return { ok: false, problem: { status: 0, code: 'unreachable', message: UNREACHABLE, details: {} } };
  }
}
