import { podSettingsResponseSchema } from '@sokoni/contracts';
import { ProblemBox } from '../../_components/shell';
import type { OwnerApi } from '@/lib/owner-api';

/**
 * Pay on delivery's settings on /owner/settings: on/off, the largest order it may be used for,
 * the areas (of those the store delivers to; none ticked = all of them) and whether first-time
 * shoppers may use it. Owners and admins change them (settings.write); staff see them read-only.
 */
export async function PayOnDeliverySettings({ api, editable }: { api: OwnerApi; editable: boolean }) {
  const answer = await api.get('/v1/owner/pay-on-delivery/settings', podSettingsResponseSchema);
  return (
    <section aria-labelledby="pod-h" className="o-card" data-pod-settings>
      <h2 id="pod-h">Pay on delivery</h2>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="pay on delivery settings" />
      ) : (
        <form method="post" action="/owner/settings/pay-on-delivery" className="o-form">
          <fieldset disabled={!editable} className="o-fieldset">
            <p className="o-muted o-small">
              Shoppers pay the rider at the door: an M-Pesa prompt you send from the order page, or cash.
            </p>
            <label className="o-check">
              <input type="checkbox" name="enabled" defaultChecked={answer.data.settings.enabled} /> Offer pay on
              delivery
            </label>
            <label>
              Largest order (KES)
              <input
                name="maxOrderKes"
                inputMode="numeric"
                pattern="[0-9]*"
                required
                defaultValue={String(answer.data.settings.maxOrderKes)}
              />
            </label>
            <label className="o-check">
              <input type="checkbox" name="firstTimeAllowed" defaultChecked={answer.data.settings.firstTimeAllowed} />{' '}
              Also for first-time shoppers (no paid order here before)
            </label>
            <details>
              <summary>
                Areas (
                {answer.data.settings.areaSlugs.length ? `${answer.data.settings.areaSlugs.length} chosen` : 'all'})
              </summary>
              <p className="o-muted o-small">None ticked: every area you deliver to.</p>
              {answer.data.deliveryAreas.map((a) => (
                <label key={a.slug} className="o-check">
                  <input
                    type="checkbox"
                    name="area"
                    value={a.slug}
                    defaultChecked={answer.data.settings.areaSlugs.includes(a.slug)}
                  />{' '}
                  {a.name}
                </label>
              ))}
            </details>
            {editable ? (
              <button type="submit" className="o-button" data-save-pod>
                Save pay on delivery
              </button>
            ) : (
              <p className="o-muted o-small">Only an owner or admin can change these.</p>
            )}
          </fieldset>
        </form>
      )}
    </section>
  );
}
