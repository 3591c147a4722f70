import type { StoreSummary } from '@sokoni/contracts';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/**
 * Who the shopper is buying from (store identity, in the footer): the registered name, KRA PIN,
 * physical address and opening hours, when the owner has given them.
 */
export function BusinessDetails({ store }: { store: StoreSummary }) {
  const t = useMessages(commonMessages);
  const b = store.brand?.business;
  if (!b || (!b.legalName && !b.kraPin && !b.physicalAddress && !b.openingHours)) return null;
  return (
    <dl className="business" data-business-details="">
      {b.legalName ? (
        <div>
          <dt>{t('business')}</dt>
          <dd>{b.legalName}</dd>
        </div>
      ) : null}
      {b.kraPin ? (
        <div>
          <dt>KRA PIN</dt>
          <dd data-kra-pin="">{b.kraPin}</dd>
        </div>
      ) : null}
      {b.physicalAddress ? (
        <div>
          <dt>{t('address')}</dt>
          <dd>{b.physicalAddress}</dd>
        </div>
      ) : null}
      {b.openingHours ? (
        <div>
          <dt>{t('open')}</dt>
          <dd className="business__hours">{b.openingHours}</dd>
        </div>
      ) : null}
    </dl>
  );
}
