import { formatKes } from '@/lib/owner-format';
import { Back, Frame, signedInScreen } from '../_components/frame';

const eta = (min: number, max: number) =>
  max <= 24 ? `${min}–${max} hours` : `${Math.round(min / 24)}–${Math.round(max / 24)} days`;

/**
 * Screen 5: delivery areas and fees. One tap takes the Nairobi defaults (zones and fees from
 * progress.defaults, saved by POST /v1/owner/delivery/defaults); editing is for later, in the
 * dashboard's Delivery page.
 */
export default signedInScreen('delivery', ({ progress, flash }) => {
  const { zones, rules } = progress.defaults.delivery;
  const done = progress.steps.find((s) => s.key === 'delivery')?.done ?? false;

  return (
    <Frame
      screen="delivery"
      title="Delivery in Nairobi"
      lead="Shoppers see the fee for their area before they pay."
      flash={flash}
    >
      <Back to="mpesa" />
      <section className="o-card" aria-labelledby="zones-h">
        <h2 id="zones-h">Suggested areas and fees</h2>
        <ul className="o-rows w-zones" data-zones>
          {zones.map((z) => (
            <li key={z.slug} className="o-row" data-zone={z.slug}>
              <span>
                {z.name}
                <span className="o-block o-small o-muted">{eta(z.etaHoursMin, z.etaHoursMax)}</span>
              </span>
              <span className="o-row__end">{formatKes(z.feeKes)}</span>
            </li>
          ))}
        </ul>
        <p className="o-small o-muted">
          {rules.freeDeliveryFromKes ? `Free delivery from ${formatKes(rules.freeDeliveryFromKes)}. ` : ''}
          {rules.pickupFeeKes !== null ? `Pick-up from an agent point: ${formatKes(rules.pickupFeeKes)}.` : ''}
        </p>
      </section>
      {done ? (
        <section className="o-card" data-delivery-done>
          <p>Your delivery areas are set ({progress.counts.deliveryZones} zones).</p>
          <a href="/start/products" className="o-button w-primary" data-continue>
            Continue
          </a>
        </section>
      ) : (
        <form method="post" action="/start/save/delivery">
          <button type="submit" className="o-button w-primary w-full" data-use-defaults>
            Use Nairobi defaults
          </button>
        </form>
      )}
      <p className="o-small o-muted w-center">
        Change areas, fees and times later in <a href="/owner/delivery">Delivery</a>.
      </p>
    </Frame>
  );
});
