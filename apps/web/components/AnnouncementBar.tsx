import type { StoreSummary } from '@sokoni/contracts';
import { storeLink } from '@/lib/storefront/brand';

/** The owner's one-line announcement above the store header (store identity); nothing when unset. */
export function AnnouncementBar({ store, base }: { store: StoreSummary; base: string }) {
  const announcement = store.brand?.announcement;
  if (!announcement) return null;
  return (
    <p className="announce" data-announcement="">
      {announcement.link ? (
        <a href={storeLink(base, announcement.link)}>{announcement.text}</a>
      ) : (
        <span>{announcement.text}</span>
      )}
    </p>
  );
}
