import type { Metadata } from 'next';
import { privateMetadata } from '../_components/private-metadata';
import '../../styles/owner.css';
import '../../styles/wizard.css';

/** The store creation wizard: private pages (never indexed or cached), owner look and feel. */
export const metadata: Metadata = privateMetadata('Create your store · Sokoni');

export const dynamic = 'force-dynamic';

export default function StartLayout({ children }: { children: React.ReactNode }) {
  return <div className="owner wizard">{children}</div>;
}
