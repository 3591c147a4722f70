import { ownerDeliverySettingsSchema } from '@sokoni/contracts';
import { Shell, ProblemBox } from '../_components/shell';
import { formatKes } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

/**
 * Delivery zones and fees: each zone's fee and ETA (editable in place), the free-delivery and
 * pickup rules, the areas the store does not reach, and the Nairobi defaults in one tap.
 */
export default async function DeliveryPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage('/owner/delivery', search);
  // The area-fee insight card links here with ?area=<slug>&suggestedFeeKes=<n>.
  const focusSlug = typeof search.area === 'string' ? search.area : null;
  const suggested =
    typeof search.suggestedFeeKes === 'string' && /^[0-9]{1,6}$/.test(search.suggestedFeeKes)
      ? search.suggestedFeeKes
      : null;
  const answer = await api.get('/v1/owner/delivery/zones', ownerDeliverySettingsSchema);
  const editable = can.editSettings(session.role);

  if (!answer.ok) {
    return (
      <Shell session={session} tab="delivery" title="Delivery" flash={flash}>
        <ProblemBox problem={answer.problem} what="delivery zones" />
      </Shell>
    );
  }
  const { zones, rules, unassignedAreas } = answer.data;
  const zoneAreas = zones.flatMap((z) => z.areas.map((a) => ({ ...a, zone: z })));
  const focus = zoneAreas.find((a) => a.slug === focusSlug) ?? null;

  return (
    <Shell session={session} tab="delivery" title="Delivery" flash={flash}>
      {focus ? (
        <section className="o-card o-focus" aria-labelledby="area-fee-h" data-area-fee={focus.slug}>
          <h2 id="area-fee-h">Delivery to {focus.name}</h2>
          <p>
            Shoppers there pay <strong data-area-current-fee>{formatKes(focus.effectiveFeeKes)}</strong> (
            {focus.zone.name} zone, {focus.zone.etaLabel.toLowerCase()}).
            {suggested && Number(suggested) !== focus.effectiveFeeKes
              ? ` Suggested: ${formatKes(Number(suggested))}.`
              : ''}
          </p>
          {editable ? (
            <form
              method="post"
              action={`/owner/delivery/areas/${focus.slug}`}
              className="o-form o-form--inline"
              data-area-fee-form
            >
              <label>
                Fee for {focus.name} (KES)
                <input
                  name="feeKes"
                  inputMode="numeric"
                  pattern="[0-9,]*"
                  required
                  defaultValue={suggested ?? String(focus.effectiveFeeKes)}
                />
              </label>
              <button type="submit" className="o-button" data-save-area-fee>
                Save fee
              </button>
              <p className="o-hint o-wide">
                Only {focus.name} changes; the rest of the {focus.zone.name} zone keeps {formatKes(focus.zone.feeKes)}.
              </p>
            </form>
          ) : (
            <p className="o-muted">Only the owner or an admin can change delivery fees.</p>
          )}
        </section>
      ) : null}
      {zones.length === 0 ? (
        <div className="o-card">
          <p>You have no delivery zones yet, so shoppers cannot order for delivery.</p>
          {editable ? (
            <form method="post" action="/owner/delivery/defaults">
              <button type="submit" className="o-button" data-defaults>
                Use Nairobi defaults
              </button>
            </form>
          ) : null}
        </div>
      ) : (
        <ul className="o-list" data-zones>
          {zones.map((z) => (
            <li key={z.slug} className="o-card" data-zone={z.slug}>
              <p className="o-order__top">
                <strong>{z.name}</strong>
                <span>
                  <strong data-fee>{formatKes(z.feeKes)}</strong> · {z.etaLabel}
                </span>
              </p>
              <p className="o-muted o-small">
                {z.areas.length
                  ? z.areas
                      .map((a) =>
                        a.effectiveFeeKes !== z.feeKes ? `${a.name} (${formatKes(a.effectiveFeeKes)})` : a.name,
                      )
                      .join(', ')
                  : 'No areas in this zone.'}
              </p>
              {editable ? (
                <details>
                  <summary>Edit fee and time</summary>
                  <form method="post" action={`/owner/delivery/zones/${z.slug}`} className="o-form o-form--inline">
                    <label className="o-wide">
                      Name
                      <input name="name" required maxLength={80} defaultValue={z.name} />
                    </label>
                    <label>
                      Fee (KES)
                      <input
                        name="feeKes"
                        inputMode="numeric"
                        pattern="[0-9,]*"
                        required
                        defaultValue={String(z.feeKes)}
                      />
                    </label>
                    <label>
                      From (hours)
                      <input
                        name="etaHoursMin"
                        inputMode="numeric"
                        pattern="[0-9]*"
                        required
                        defaultValue={String(z.etaHoursMin)}
                      />
                    </label>
                    <label>
                      To (hours)
                      <input
                        name="etaHoursMax"
                        inputMode="numeric"
                        pattern="[0-9]*"
                        required
                        defaultValue={String(z.etaHoursMax)}
                      />
                    </label>
                    <button type="submit" className="o-button" data-save-zone={z.slug}>
                      Save zone
                    </button>
                  </form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {editable && zoneAreas.length ? (
        <details>
          <summary>Set the fee for one area</summary>
          <form method="get" action="/owner/delivery" className="o-form o-form--inline">
            <label className="o-wide">
              Area
              <select name="area" defaultValue={focus?.slug ?? ''}>
                {zoneAreas
                  .slice()
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((a) => (
                    <option key={a.slug} value={a.slug}>
                      {a.name} ({formatKes(a.effectiveFeeKes)})
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit" className="o-button o-button--plain">
              Choose
            </button>
          </form>
        </details>
      ) : null}

      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Rules</h2>
        <p>
          Free delivery: {rules.freeDeliveryFromKes ? `from ${formatKes(rules.freeDeliveryFromKes)}` : 'off'} · Pickup
          at an agent point: {rules.pickupFeeKes !== null ? formatKes(rules.pickupFeeKes) : 'off'}
        </p>
        {editable ? (
          <details>
            <summary>Change rules</summary>
            <form method="post" action="/owner/delivery/rules" className="o-form o-form--inline">
              <label>
                Free delivery from (KES)
                <input
                  name="freeDeliveryFromKes"
                  inputMode="numeric"
                  pattern="[0-9,]*"
                  placeholder="empty = off"
                  defaultValue={rules.freeDeliveryFromKes ? String(rules.freeDeliveryFromKes) : ''}
                />
              </label>
              <label>
                Pickup fee (KES)
                <input
                  name="pickupFeeKes"
                  inputMode="numeric"
                  pattern="[0-9,]*"
                  placeholder="empty = off"
                  defaultValue={rules.pickupFeeKes !== null ? String(rules.pickupFeeKes) : ''}
                />
              </label>
              <button type="submit" className="o-button">
                Save rules
              </button>
            </form>
          </details>
        ) : null}
      </section>

      {unassignedAreas.length ? (
        <section aria-labelledby="un-h">
          <h2 id="un-h">Areas you do not deliver to</h2>
          <p className="o-muted o-small">{unassignedAreas.map((a) => a.name).join(', ')}</p>
        </section>
      ) : null}

      {editable && zones.length ? (
        <details className="o-danger-zone">
          <summary>Start again from the Nairobi defaults</summary>
          <form method="post" action="/owner/delivery/defaults?replace=true" className="o-form">
            <p className="o-small">Your zones and fees are replaced by Sokoni&apos;s default Nairobi zones.</p>
            <button type="submit" className="o-button o-button--danger">
              Replace my zones
            </button>
          </form>
        </details>
      ) : null}
    </Shell>
  );
}
