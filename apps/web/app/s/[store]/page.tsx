import type { Metadata } from 'next';
import { findStore, getStore, getStoreProducts } from '@/lib/api';
import { getStoreBase } from '@/lib/base-path';
import { StoreHeader } from '@/components/StoreHeader';
import { StoreFooter } from '@/components/StoreFooter';
import { ProductGrid } from '@/components/ProductGrid';

type Props = { params: Promise<{ store: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { store: slug } = await params;
  const store = await findStore(slug);
  if (!store) return { title: 'Store not found' };
  return {
    title: `${store.name} — ${store.tagline}`,
    description: `${store.tagline}. ${store.name}, ${store.location}. Order online and pay with M-Pesa.`,
  };
}

export default async function StoreHome({ params }: Props) {
  const { store: slug } = await params;
  const [store, products, base] = await Promise.all([getStore(slug), getStoreProducts(slug), getStoreBase(slug)]);
  return (
    <>
      <StoreHeader store={store} base={base} />
      <main className="wrap">
        <h2 className="section-title">
          All products <span className="muted">({products.length})</span>
        </h2>
        <ProductGrid products={products} base={base} />
      </main>
      <StoreFooter store={store} />
    </>
  );
}
