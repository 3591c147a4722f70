import type { StoreSummary } from '@sokoni/contracts';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

import { whatsappHref } from '@/lib/whatsapp';

export { whatsappHref };

/**
 * Till/paybill, secure payment, returns, location, WhatsApp: what tells a Nairobi shopper the
 * shop is real (DESIGN §7 trust markers).
 */
export function TrustMarkers({ store, secureBadge = false }: { store: StoreSummary; secureBadge?: boolean }) {
  const t = useMessages(commonMessages);
  const wa = store.whatsappNumber ? whatsappHref(store.whatsappNumber) : null;
  return (
    <ul className="trust">
      {store.mpesa ? (
        <li>
          <span className="trust__label">Lipa na M-Pesa</span> {t(store.mpesa.kind === 'till' ? 'till' : 'paybill')}{' '}
          <strong>{store.mpesa.shortcode}</strong>
        </li>
      ) : null}
      {secureBadge ? (
        <li className="trust__secure">
          <span className="trust__label">{t('securePayment')}</span>{' '}
          <span className="badge">
            <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
              <path
                fill="currentColor"
                d="M6 0a4 4 0 0 0-4 4v2H1a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V7a1 1 0 0 0-1-1h-1V4a4 4 0 0 0-4-4Zm-2.5 4a2.5 2.5 0 0 1 5 0v2h-5V4Z"
              />
            </svg>
            {t('mpesaPrompt')}
          </span>{' '}
          {t('approveOnPhone')}
        </li>
      ) : null}
      <li>
        <span className="trust__label">{t('returns')}</span> {store.returnPolicy}
      </li>
      <li>
        <span className="trust__label">{t('location')}</span> {store.location}
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
