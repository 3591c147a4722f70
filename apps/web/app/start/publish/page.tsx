import { platformDomain, publicScheme } from '@/lib/config';
import { localPhone } from '@/lib/owner-format';
import { CATEGORY_CHOICES, categoryLabel, screenOfStep, screenPath, storeLink } from '@/lib/wizard-flow';
import { Back, Frame, signedInScreen } from '../_components/frame';

/**
 * Screen 8: review and publish. Each step in one line with a way back to change it; what is
 * still missing (the API's own words); "Publish my store" (POST /v1/owner/onboarding/publish).
 * Once live: the store's link, and the way to the dashboard.
 */
export default signedInScreen('publish', ({ progress, flash, host }) => {
  const s = progress.store;
  const link = storeLink(s.slug, host, platformDomain(), publicScheme());
  const mpesaStep = progress.steps.find((x) => x.key === 'mpesa');
  const rows: { key: string; label: string; value: string; path: string; done: boolean }[] = [
    { key: 'store', label: 'Store', value: `${s.name} · ${categoryLabel(s.vertical)}`, path: '#category', done: true },
    {
      key: 'contact',
      label: 'Contact',
      value: s.whatsappNumber ? `WhatsApp ${localPhone(s.whatsappNumber)} · ${s.location}` : 'Not set',
      path: '/start/contact',
      done: Boolean(s.whatsappNumber && s.location),
    },
    {
      key: 'mpesa',
      label: 'M-Pesa',
      value: s.mpesa
        ? `${s.mpesa.kind === 'till' ? 'Till' : 'Paybill'} ${s.mpesa.shortcode}`
        : mpesaStep?.skipped
          ? 'By hand / WhatsApp for now'
          : 'Not set',
      path: '/start/mpesa',
      done: mpesaStep?.done ?? false,
    },
    {
      key: 'delivery',
      label: 'Delivery',
      value: `${progress.counts.deliveryZones} zones`,
      path: '/start/delivery',
      done: progress.counts.deliveryZones > 0,
    },
    {
      key: 'products',
      label: 'Products',
      value: `${progress.counts.sellableProducts} ready to sell`,
      path: '/start/products',
      done: progress.counts.sellableProducts > 0,
    },
    {
      key: 'policy',
      label: 'Return policy',
      value: s.returnPolicy ? `${s.returnPolicy.slice(0, 60)}${s.returnPolicy.length > 60 ? '…' : ''}` : 'Not set',
      path: '/start/policy',
      done: Boolean(s.returnPolicy),
    },
  ];

  if (progress.published) {
    return (
      <Frame screen="publish" title="Your store is live" flash={flash}>
        <section className="o-card w-live" data-live>
          <p>Shoppers can now find, buy and pay at:</p>
          <p className="w-live__link">
            <a href={link.href} data-store-link={s.slug}>
              {link.shown}
            </a>
          </p>
          <p className="o-small o-muted">
            Also at{' '}
            <a href={`/s/${s.slug}`} data-store-path>
              /s/{s.slug}
            </a>{' '}
            on this site. Share the link on WhatsApp, Instagram and your shop window.
          </p>
          <a href="/owner" className="o-button w-primary w-full" data-dashboard>
            Open your dashboard
          </a>
        </section>
        <p className="o-small o-muted w-center">Products, delivery fees, M-Pesa and staff: all in the dashboard.</p>
      </Frame>
    );
  }

  return (
    <Frame screen="publish" title="Review and publish" lead={`Your link will be ${link.shown}`} flash={flash}>
      <Back to="policy" />
      <ul className="o-rows w-review" data-review>
        {rows.map((r) => (
          <li key={r.key} className="o-row" data-review-row={r.key} data-done={r.done ? 'yes' : 'no'}>
            <span>
              <strong>
                {r.done ? '✓' : '•'} {r.label}
              </strong>
              <span className="o-block o-small o-muted">{r.value}</span>
            </span>
            <a href={r.path} className="o-small">
              change
            </a>
          </li>
        ))}
      </ul>
      {progress.missing.length ? (
        <section className="o-card w-missing" data-missing>
          <h2>Before you publish</h2>
          <ul>
            {progress.missing.map((m) => (
              <li key={m.step}>
                <a href={screenPath(screenOfStep(m.step))}>{m.message}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <form method="post" action="/start/save/publish">
        <button type="submit" className="o-button w-primary w-full" data-publish disabled={!progress.canPublish}>
          Publish my store
        </button>
      </form>
      <details className="w-section" id="category">
        <summary>Change what you sell</summary>
        <form method="post" action="/start/save/category" className="o-form o-card">
          <input type="hidden" name="back" value="/start/publish" />
          <label>
            Category
            <select name="vertical" defaultValue={s.vertical}>
              {CATEGORY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <p className="o-small o-muted">
            Suggestions you kept (categories, tagline, return policy) follow the new choice; what you changed stays.
          </p>
          <button type="submit" className="o-button o-button--plain">
            Change category
          </button>
        </form>
      </details>
      <form method="post" action="/start/save/advanced" className="w-center">
        <input type="hidden" name="back" value="/start/publish" />
        <input type="hidden" name="show" value={progress.showAdvanced ? 'false' : 'true'} />
        <button type="submit" className="w-linkbutton o-small">
          {progress.showAdvanced ? 'Hide advanced settings' : 'Show advanced settings on every step'}
        </button>
      </form>
    </Frame>
  );
});
