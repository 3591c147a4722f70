import { headers } from 'next/headers';
import { islandScript } from '@/islands/inline';
import { platformDomain } from '@/lib/config';
import { nonceFrom, NONCE_HEADER } from '@/lib/csp';
import { anonymousPage, CATEGORY_CHOICES } from '@/lib/wizard-flow';
import { slugIsland } from '@/lib/wizard-island';
import { Frame, type WizardPageProps } from './_components/frame';

/**
 * Screen 1: the store's name and what it sells (four big choices). The address is derived from
 * the name and shown as "your link"; changing it is under "Advanced". Nothing is created yet:
 * the choice waits in a cookie for screen 2 (sign-up).
 */
export default async function StartPage({ searchParams }: WizardPageProps) {
  const search = await searchParams;
  const { draft, flash } = await anonymousPage(search);
  const domain = platformDomain();
  // The island runs only with this response's CSP nonce (set by proxy.ts on the request).
  const nonce = nonceFrom((await headers()).get(NONCE_HEADER));
  const shownSlug = draft?.slug ?? draft?.suggestedSlug ?? 'your-store';
  const openAdvanced = Boolean(draft?.slug) || (flash?.kind === 'error' && /address|taken|available/i.test(flash.text));

  return (
    <Frame
      screen="store"
      title="Create your store"
      lead="Free to start. Most shops are live in about 10 minutes."
      flash={flash}
    >
      <form method="post" action="/start/save/store" className="o-form o-card" data-form="store">
        <label>
          Store name
          <input
            name="storeName"
            required
            minLength={2}
            maxLength={120}
            defaultValue={draft?.storeName ?? ''}
            placeholder="e.g. Kibanda Gadgets"
            autoComplete="organization"
          />
        </label>
        <p className="w-link o-small">
          Your link: <strong data-slug-preview>{`${shownSlug}.${domain}`}</strong>
          <span className="o-block o-low" data-slug-note aria-live="polite" />
        </p>
        <fieldset className="w-choices">
          <legend>What do you sell?</legend>
          {CATEGORY_CHOICES.map((c) => (
            <label key={c.value} className="w-choice" data-vertical={c.value}>
              <input
                type="radio"
                name="vertical"
                value={c.value}
                required
                defaultChecked={draft?.vertical === c.value}
              />
              <span className="w-choice__icon" aria-hidden="true">
                {c.icon}
              </span>
              <span className="w-choice__text">
                <strong>{c.label}</strong>
                <span>{c.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <details className="w-advanced" open={openAdvanced}>
          <summary>Advanced: change your link</summary>
          <label>
            Store address (letters, digits and dashes)
            <input
              name="slug"
              defaultValue={draft?.slug ?? ''}
              maxLength={63}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              placeholder={shownSlug}
            />
          </label>
          <p className="o-small o-muted">Leave empty to use the one made from your store name.</p>
        </details>
        <button type="submit" className="o-button w-primary">
          Continue
        </button>
      </form>
      <p className="o-small o-muted w-center">
        Already started a store? <a href="/start/login">Log in to carry on</a>
      </p>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: islandScript(slugIsland, { domain }) }} />
    </Frame>
  );
}
