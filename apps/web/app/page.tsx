import type { Metadata } from 'next';

/** Hardcoded demo stores (seeded by packages/db). */
const DEMO_STORES = [
  { slug: 'nairobi-gadgets', name: 'Nairobi Gadgets', blurb: 'Phones, laptops and accessories' },
  { slug: 'mtindo-fashion', name: 'Mtindo Fashion', blurb: 'Clothes, shoes and bags' },
  { slug: 'saa-bora', name: 'Saa Bora', blurb: 'Watches' },
  { slug: 'nyumba-living', name: 'Nyumba Living', blurb: 'Home and kitchen' },
] as const;

export const metadata: Metadata = {
  title: 'Sokoni — online stores for Nairobi, paid with M-Pesa',
  description: 'Open a store in under 30 minutes. Shoppers browse on their phones and pay with M-Pesa.',
};

export default function Home() {
  return (
    <main className="wrap landing">
      <h1>Sokoni</h1>
      <p className="lead">Online stores for Nairobi merchants. Browse on your phone, pay with M-Pesa.</p>
      <p>
        <a href="/start" className="button" data-create-store>
          Create your store
        </a>
      </p>
      <h2>Demo stores</h2>
      <ul className="store-list">
        {DEMO_STORES.map((s) => (
          <li key={s.slug}>
            <a href={`/s/${s.slug}`}>
              <strong>{s.name}</strong>
              <span>{s.blurb}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
