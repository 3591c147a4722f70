import type { StoreSummary } from '@sokoni/contracts';
import { storeHomeHref } from '@/lib/store-context';

export function StoreHeader({ store, base, showTagline = true }: { store: StoreSummary; base: string; showTagline?: boolean }) {
  return (
    <header className="store-header">
      <div className="wrap">
        <a className="store-header__name" href={storeHomeHref(base)}>
          {store.name}
        </a>
        {showTagline && store.tagline ? <p className="store-header__tagline">{store.tagline}</p> : null}
      </div>
    </header>
  );
}
