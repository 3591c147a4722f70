import type { StoreSummary } from '@sokoni/contracts';

/**
 * Who the shopper is buying from (store identity, in the footer): the registered name, KRA PIN,
 * physical address and opening hours, when the owner has given them.
 */
export function BusinessDetails({ store }: { store: StoreSummary }) {
  const b = store.brand?.business;
  if (!b || (!b.legalName && !b.kraPin && !b.physicalAddress && !b.openingHours)) return null;
  return (
    <dl className="business" data-business-details="">
      {b.legalName ? (
        <div>
          <dt>Business</dt>
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
          <dt>Address</dt>
          <dd>{b.physicalAddress}</dd>
        </div>
      ) : null}
      {b.openingHours ? (
        <div>
          <dt>Open</dt>
          <dd className="business__hours">{b.openingHours}</dd>
        </div>
      ) : null}
    </dl>
  );
}
