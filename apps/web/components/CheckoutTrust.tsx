import type { StoreSummary } from '@sokoni/contracts';
import { whatsappHref } from './TrustMarkers';

/**
 * The checkout's trust markers above "Place order": the store's till or paybill, secure M-Pesa,
 * the delivery promise (`eta`, redrawn by the checkout island: data-eta), returns, WhatsApp.
 */
export function CheckoutTrust({ store, eta }: { store: StoreSummary; eta: string }) {
  const wa = store.whatsappNumber
    ? whatsappHref(store.whatsappNumber, `Hi ${store.name}, I need help with my order`)
    : null;
  return (
    <ul className="co__trust" aria-label="Buying from this shop">
      {store.mpesa ? (
        <li>
          <strong>Lipa na M-Pesa</strong> {store.mpesa.kind === 'till' ? 'Till' : 'Paybill'}{' '}
          <strong>{store.mpesa.shortcode}</strong> · {store.name}
        </li>
      ) : null}
      <li>
        <span className="badge">
          <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M6 0a4 4 0 0 0-4 4v2H1a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V7a1 1 0 0 0-1-1h-1V4a4 4 0 0 0-4-4Zm-2.5 4a2.5 2.5 0 0 1 5 0v2h-5V4Z"
            />
          </svg>
          Secure M-Pesa payment
        </span>{' '}
        you approve on your own phone with your PIN; the shop never sees it.
      </li>
      <li>
        <strong>Delivery</strong> <span data-eta="">{eta}</span>
      </li>
      <li>
        <strong>Returns</strong> {store.returnPolicy}
      </li>
      {wa ? (
        <li>
          <strong>Questions?</strong>{' '}
          <a href={wa} rel="nofollow noopener">
            WhatsApp {store.name}
          </a>
        </li>
      ) : null}
    </ul>
  );
}
