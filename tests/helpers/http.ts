import { errorBodySchema, type ErrorBody } from '@sokoni/contracts';
import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';
import type { z } from 'zod';

/** An error answer, with the details the test reads (`ApiErrorBody<{ permission: string }>`). */
export interface ApiErrorBody<D = Record<string, unknown>> {
  error: { code: string; message: string; details: D };
}

/**
 * A parsed answer. `body` is `unknown` unless the caller names its shape (`call<Cart>(...)`, not
 * checked); `res.jsonAs(schema)` and `res.apiError()` parse it.
 */
export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined for an empty one), as the shape the caller named: not checked. */
  body: T;
  /** The body parsed with a zod schema: throws (with the status and body) if it does not match. */
  jsonAs<S>(schema: z.ZodType<S>): S;
  /** The `error` of a `{ error: { code, message, details } }` answer; throws if the body is not one. */
  apiError(): ErrorBody['error'];
}

/** Wraps a fetched status, headers and parsed body into a JsonResponse. */
export function jsonResponse<T>(status: number, headers: Headers, body: unknown): JsonResponse<T> {
  const jsonAs = <S>(schema: z.ZodType<S>): S => {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new Error(
        `answer ${status} does not match the expected shape: ${parsed.error.message}\nbody: ${JSON.stringify(body)}`,
      );
    return parsed.data;
  };
  return { status, headers, body: body as T, jsonAs, apiError: () => jsonAs(errorBodySchema).error };
}

/**
 * A JSON caller for the real API. Each call comes from its own client address (X-Forwarded-For,
 * trusted from loopback), so per-IP rate limits never trip the flows under test; the limits
 * themselves are tested on purpose elsewhere. `call<Shape>(...)` names the body's shape;
 * `jsonCaller<Shape>(...)` names the one a call has when it names none (a file's `Answer`).
 */
export function jsonCaller<Default = unknown>(baseUrl: () => string, addressPrefix: string) {
  let client = 0;
  return async function call<T = Default>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<JsonResponse<T>> {
    client++;
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'x-forwarded-for': `${addressPrefix}.${Math.floor(client / 250) % 250}.${client % 250}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return jsonResponse<T>(res.status, res.headers, text ? (JSON.parse(text) as unknown) : undefined);
  };
}

export interface DemoSession {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string };
}

/** Logs a seeded demo account in; throws with the API's answer if that fails. */
export async function demoLogin(
  call: ReturnType<typeof jsonCaller>,
  store: string,
  role: 'owner' | 'admin' | 'staff',
): Promise<DemoSession> {
  const { status, body } = await call<DemoSession>('POST', '/v1/owner/auth/login', {
    store,
    email: `${role}@${store}.sokoni.test`,
    password: DEMO_PASSWORD,
  });
  if (status !== 200) throw new Error(`login ${role}@${store} failed: ${status} ${JSON.stringify(body)}`);
  return body;
}
