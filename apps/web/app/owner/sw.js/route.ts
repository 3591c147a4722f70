/**
 * The owner dashboard's service worker (docs/owner-alerts.md), served from /owner/sw.js with
 * `Service-Worker-Allowed: /owner` so it can control /owner itself as well as /owner/...:
 * - offline: a dashboard page that cannot be fetched shows the cached "You're offline" page.
 *   Dashboard pages themselves are never cached (they are private and change by the second);
 * - web push: an owner alert is shown as a notification; a tap opens the order or page it names.
 * Storefront pages are outside its scope and load no script for it.
 */
export const dynamic = 'force-static';

const CACHE_VERSION = 'sokoni-owner-v1';

const SCRIPT = `'use strict';
const CACHE = '${CACHE_VERSION}';
const OFFLINE = '/owner/offline';
const SHELL = [OFFLINE, '/owner/icons/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('sokoni-owner-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.mode !== 'navigate') return;
  event.respondWith(fetch(request).catch(() => caches.match(OFFLINE).then((page) => page || Response.error())));
});

self.addEventListener('push', (event) => {
  let alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch (e) {
    alert = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(alert.title || 'Sokoni', {
      body: alert.body || '',
      tag: alert.tag,
      icon: '/owner/icons/icon-192.png',
      badge: '/owner/icons/icon-192.png',
      data: { url: alert.url || '/owner' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/owner';
  event.waitUntil(self.clients.openWindow(url));
});
`;

export function GET(): Response {
  return new Response(SCRIPT, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'service-worker-allowed': '/owner',
      // The browser checks for a new worker on every visit; a stale one must never linger.
      'cache-control': 'no-cache',
    },
  });
}
