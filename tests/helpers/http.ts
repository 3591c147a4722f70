import { DEMO_PASSWORD } from '@sokoni/db/dist/seed/index.js';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * A JSON caller for the real API. Each call comes from its own client address (X-Forwarded-For,
 * trusted from loopback), so per-IP rate limits never trip the flows under test; the limits
 * themselves are tested on purpose elsewhere.
 */
export function jsonCaller(baseUrl: () => string, addressPrefix: string) {
  let client = 0;
  return async function call(method: string, path: string, body?: unknown, token?: string): Promise<JsonResponse> {
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
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** Logs a seeded demo account in; throws with the API's answer if that fails. */
export async function demoLogin(call: ReturnType<typeof jsonCaller>, store: string, role: 'owner' | 'admin' | 'staff') {
  const { status, body } = await call('POST', '/v1/owner/auth/login', {
    store,
    email: `${role}@${store}.sokoni.test`,
    password: DEMO_PASSWORD,
  });
  if (status !== 200) throw new Error(`login ${role}@${store} failed: ${status} ${JSON.stringify(body)}`);
  return body as { accessToken: string; refreshToken: string; user: { id: string; role: string } };
}
