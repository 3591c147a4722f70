import { flashCookieJar } from '@/lib/owner-session';

/**
 * The new key travels from the create route to the page once, in a short-lived HttpOnly cookie on
 * this page's path, named by an id in the URL (?k=): never in the URL itself, so it is not in
 * logs or history. The API keeps only a hash, so the page is the one place it is ever shown.
 */
export const newKeyJar = flashCookieJar('/owner/settings/api-keys', 'sokoni_new_api_key');
