import type { Metadata } from 'next';

/** The metadata of a private area (owner dashboard, store wizard): its title, never indexed. */
export const privateMetadata = (title: string): Metadata => ({ title, robots: { index: false, follow: false } });
