/**
 * Staff invite links: `<OWNER_APP_URL>/invite/<store-slug>.<43 url-safe characters>` (the API's
 * token format, auth.controller.ts). The store is the part before the dot.
 */
const INVITE_TOKEN_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.[A-Za-z0-9_-]{43}$/;

export const validInviteToken = (token: string): boolean => INVITE_TOKEN_RE.test(token);

export const inviteStore = (token: string): string => token.slice(0, token.indexOf('.'));
