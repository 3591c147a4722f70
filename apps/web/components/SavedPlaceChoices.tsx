import { savedPlaceText } from '@/lib/shopper-session';
import type { SavedPlace } from '@/lib/shopper-api';
import { useMessages } from '@/lib/i18n';
import { checkoutMessages } from '@/lib/i18n/messages/checkout';

/**
 * A signed-in shopper's saved places at checkout, one button each. Without JavaScript a button
 * posts the form (saved_place=<index>) and the page comes back with area and landmark filled;
 * with it, islands/saved-places.ts fills them on the spot from the data attributes.
 */
export function SavedPlaceChoices({
  places,
  area,
  landmark,
}: {
  places: SavedPlace[];
  area: string;
  landmark: string;
}) {
  const t = useMessages(checkoutMessages);
  if (places.length === 0) return null;
  return (
    <div className="field saved-places" role="group" aria-labelledby="co-saved-title" data-saved-places="">
      <p className="saved-places__title" id="co-saved-title">
        {t('savedPlaces')}
      </p>
      <div className="saved-places__list">
        {places.map((p, i) => (
          <button
            key={`${p.areaSlug}|${p.landmark}|${p.label}`}
            type="submit"
            name="saved_place"
            value={i}
            formNoValidate
            className="saved-place"
            aria-pressed={area === p.areaSlug && landmark === p.landmark}
            data-saved-place=""
            data-area={p.areaSlug}
            data-area-name={p.areaName}
            data-landmark={p.landmark}
          >
            {savedPlaceText(p)}
          </button>
        ))}
      </div>
    </div>
  );
}
