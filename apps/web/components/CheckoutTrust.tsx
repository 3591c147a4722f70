import type { StoreSummary } from '@sokoni/contracts';
import { whatsappHref } from './TrustMarkers';
import { useMessages } from '@/lib/i18n';
import { checkoutMessages } from '@/lib/i18n/messages/checkout';
import { commonMessages } from '@/lib/i18n/messages/common';

/**
 * The checkout's trust markers above "Place order": the store's till or paybill, secure M-Pesa,
 * the delivery promise (`eta`, redrawn by the checkout island: data-eta), returns, WhatsApp.
 */
export function CheckoutTrust({ store, eta }: { store: StoreSummary; eta: string }) {
  const t = useMessages(checkoutMessages);
  const common = useMessages(commonMessages);
  const wa = store.whatsappNumber ? whatsappHref(store.whatsappNumber, t('helpText', { store: store.name })) : null;
  return (
    <ul className="co__trust" aria-label={t('buyingFrom')}>
      {store.mpesa ? (
        <li>
          <strong>{t('lipa')}</strong> {common(store.mpesa.kind === 'till' ? 'till' : 'paybill')}{' '}
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
          {t('secureBadge')}
        </span>{' '}
        {t('secureText')}
      </li>
      <li>
        <strong>{t('delivery')}</strong> <span data-eta="">{eta}</span>
      </li>
      <li>
        <strong>{t('returns')}</strong> {store.returnPolicy}
      </li>
      {wa ? (
        <li>
          <strong>{t('questions')}</strong>{' '}
          <a href={wa} rel="nofollow noopener">
            {t('whatsappStore', { store: store.name })}
          </a>
        </li>
      ) : null}
    </ul>
  );
}
