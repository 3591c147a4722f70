import type { StoreSummary } from '@sokoni/contracts';

function whatsappHref(number: string): string | null {
  const digits = number.replace(/\D/g, '');
  if (!digits) return null;
  const intl = digits.startsWith('0') ? `254${digits.slice(1)}` : digits;
  return `https://wa.me/${intl}`;
}

/** Till/paybill, returns, location, WhatsApp: what tells a Nairobi shopper the shop is real. */
export function TrustMarkers({ store }: { store: StoreSummary }) {
  const wa = store.whatsappNumber ? whatsappHref(store.whatsappNumber) : null;
  return (
    <ul className="trust">
      {store.mpesa ? (
        <li>
          <span className="trust__label">Lipa na M-Pesa</span>{' '}
          {store.mpesa.kind === 'till' ? 'Till' : 'Paybill'} <strong>{store.mpesa.shortcode}</strong>
        </li>
      ) : null}
      <li>
        <span className="trust__label">Returns</span> {store.returnPolicy}
      </li>
      <li>
        <span className="trust__label">Location</span> {store.location}
      </li>
      {wa ? (
        <li>
          <span className="trust__label">WhatsApp</span>{' '}
          <a href={wa} rel="nofollow noopener">
            {store.whatsappNumber}
          </a>
        </li>
      ) : null}
    </ul>
  );
}
