import type { StoreSummary } from '@sokoni/contracts';
import { TrustMarkers } from './TrustMarkers';

export function StoreFooter({ store }: { store: StoreSummary }) {
  return (
    <footer className="store-footer">
      <div className="wrap">
        <h2 className="store-footer__title">{store.name}</h2>
        <TrustMarkers store={store} />
        <p className="store-footer__platform">Powered by Sokoni</p>
      </div>
    </footer>
  );
}
