import { onboardingViewSchema, returnSettingsResponseSchema } from '@sokoni/contracts';
import { headers } from 'next/headers';
import { Shell, ProblemBox } from '../../_components/shell';
import { findStore } from '@/lib/api';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';

/**
 * Returns: whether shoppers may ask for a return from My orders, within how many days of
 * delivery (GET/PUT /v1/owner/settings/returns), and the policy text shoppers read on the product
 * and checkout pages (the store details' return policy). Owner and admin change them; staff see
 * them read-only (the form is shown disabled, so they know what shoppers are told).
 */
export default async function ReturnSettingsPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings/returns', await searchParams);
  const edit = can.editSettings(session.role);
  const [settings, details] = await Promise.all([
    api.get('/v1/owner/settings/returns', returnSettingsResponseSchema),
    edit ? api.get('/v1/owner/onboarding', onboardingViewSchema) : Promise.resolve(null),
  ]);
  // Staff cannot read the store's set-up; they see the policy as shoppers do.
  const policy = details?.ok
    ? (details.data.store.returnPolicy ?? '')
    : ((await findStore(session.store, forwardedFrom(await headers())).catch(() => null))?.returnPolicy ?? '');

  return (
    <Shell session={session} tab="settings" title="Returns" flash={flash}>
      <p className="o-small">
        <a href="/owner/settings">← Settings</a>
      </p>
      {!settings.ok ? (
        <ProblemBox problem={settings.problem} what="return settings" />
      ) : (
        <section aria-labelledby="returns-h" className="o-card" data-return-settings>
          <h2 id="returns-h">Returns from shoppers</h2>
          <p className="o-small o-muted">
            {settings.data.settings.enabled
              ? `Shoppers can ask for a return up to ${settings.data.settings.windowDays} days after delivery, from My orders. You accept or refuse each one; an accepted return is refunded to their M-Pesa.`
              : 'Returns are off: shoppers cannot ask for one from My orders.'}
          </p>
          {edit ? null : (
            <p className="o-small" data-read-only>
              Only the owner or an admin can change these.
            </p>
          )}
          <form method="post" action="/owner/settings/returns/save" className="o-form">
            <fieldset disabled={!edit} className="o-fieldset">
              <label className="o-check">
                <input type="checkbox" name="enabled" defaultChecked={settings.data.settings.enabled} /> Accept returns
              </label>
              <label>
                Return window (days after delivery, 0 to 90)
                <input
                  name="windowDays"
                  inputMode="numeric"
                  pattern="[0-9]{1,2}"
                  required
                  defaultValue={String(settings.data.settings.windowDays)}
                />
              </label>
              <label>
                Return policy (what shoppers read before they buy)
                <textarea name="returnPolicy" required minLength={20} maxLength={2000} rows={5} defaultValue={policy} />
              </label>
              {edit ? (
                <button type="submit" className="o-button" data-save-returns>
                  Save returns
                </button>
              ) : null}
            </fieldset>
          </form>
        </section>
      )}
    </Shell>
  );
}
