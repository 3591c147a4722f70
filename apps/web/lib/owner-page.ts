/**
 * What every owner dashboard page starts with: the session from the cookies (none -> the login
 * page), an API caller that sends the page through the refresh route when the token is stale,
 * and the flash a form post left for it.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { loginPath, OwnerApi } from './owner-api';
import { readFlash, readSession, type Flash, type OwnerSession } from './owner-session';
import { forwardedFrom } from './request';

export interface OwnerPage {
  api: OwnerApi;
  session: OwnerSession;
  flash: Flash | null;
}

type Search = Record<string, string | string[] | undefined>;

/** The props of a dashboard page that reads its query, as Next.js hands them. */
export interface OwnerPageProps {
  searchParams: Promise<Search>;
}

/** One value of a search param (the first, when repeated). */
export function param(search: Search, name: string): string | undefined {
  const v = search[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `here` is the page's own path and query, to come back to after a refresh or login. */
export async function ownerPage(here: string, search: Search = {}): Promise<OwnerPage> {
  const h = await headers();
  const cookie = h.get('cookie');
  const session = readSession(cookie);
  if (!session) redirect(loginPath(here));
  return {
    api: new OwnerApi(session, forwardedFrom(h), 'page', here),
    session,
    flash: readFlash(cookie, param(search, 'f')),
  };
}

/** The path and query of a page, without the flash id. */
export function pathWith(path: string, query: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}
