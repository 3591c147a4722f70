import type { Metadata } from 'next';
import '../../styles/owner.css';

/** The owner dashboard: private, never indexed, never cached (every page reads the session). */
export const metadata: Metadata = {
  title: 'Sokoni — run your shop',
  robots: { index: false, follow: false },
};

export const dynamic = 'force-dynamic';

export default function OwnerLayout({ children }: { children: React.ReactNode }) {
  return <div className="owner">{children}</div>;
}
