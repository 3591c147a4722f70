'use client';

import { useEffect } from 'react';

/**
 * Registers the owner service worker (/owner/sw.js, scope /owner): the offline page and web push.
 * Rendered by the owner layout only; storefront pages never load it.
 */
export function OwnerPwa() {
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('/owner/sw.js', { scope: '/owner' }).catch(() => undefined);
  }, []);
  return null;
}
