/**
 * The owner dashboard's web app manifest (installable PWA, docs/owner-alerts.md). Linked only from
 * owner pages (app/owner/layout.tsx), never from the storefront; scoped to /owner.
 */
export const dynamic = 'force-static';

const MANIFEST = {
  name: 'Sokoni — run your shop',
  short_name: 'Sokoni shop',
  description: 'Orders, stock and alerts for your Sokoni store',
  id: '/owner',
  start_url: '/owner',
  scope: '/owner',
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#ffffff',
  theme_color: '#0f5132',
  icons: [
    { src: '/owner/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/owner/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/owner/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

export function GET(): Response {
  return new Response(JSON.stringify(MANIFEST), {
    headers: { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}
