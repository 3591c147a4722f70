import type { Metadata } from 'next';
import { privateMetadata } from '../_components/private-metadata';
import '../../styles/owner.css';

/** The owner dashboard: private, never indexed, never cached (every page reads the session). */
export const metadata: Metadata = privateMetadata('Sokoni — run your shop');

export const dynamic = 'force-dynamic';

export default function OwnerLayout({ children }: { children: React.ReactNode }) {
  return <div className="owner">{children}</div>;
}
