import type { Metadata, Viewport } from 'next';
import '../styles/storefront.css';

export const metadata: Metadata = {
  title: { default: 'Sokoni — shop Nairobi stores, pay with M-Pesa', template: '%s' },
  description: 'Sokoni: online stores from Nairobi merchants. Browse on your phone and pay with M-Pesa.',
  applicationName: 'Sokoni',
  formatDetection: { telephone: false },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0b6b3a',
};

// Every App Router page is rendered per request: the Content-Security-Policy (proxy.ts) allows
// scripts by a per-request nonce, which Next can only stamp on its scripts at request time. A
// page prerendered at build time (the landing page, not-found) would ship scripts without it
// and the browser would refuse them.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
