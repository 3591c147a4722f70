import type { Metadata, Viewport } from 'next';
import { privateMetadata } from '../_components/private-metadata';
import { OwnerPwa } from './_components/owner-pwa';
import '../../styles/owner.css';

/**
 * The owner dashboard: private, never indexed, never cached (every page reads the session). An
 * installable app (manifest + service worker scoped to /owner, docs/owner-alerts.md): linked here
 * only, so storefront pages get none of it.
 */
export const metadata: Metadata = {
  ...privateMetadata('Sokoni — run your shop'),
  manifest: '/owner/manifest.webmanifest',
  icons: { apple: '/owner/icons/icon-192.png' },
};

export const viewport: Viewport = { themeColor: '#0f5132' };

export const dynamic = 'force-dynamic';

export default function OwnerLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="owner">
      <OwnerPwa />
      {children}
    </div>
  );
}
