import { redirect } from 'next/navigation';
import { platformDomain } from '@/lib/config';
import { anonymousPage, categoryLabel } from '@/lib/wizard-flow';
import { Frame, type WizardPageProps } from '../_components/frame';

/**
 * Screen 2: the owner's account (name, phone, password; email is optional, under "Advanced").
 * "Create my store" signs up (POST /v1/onboarding/stores): the owner is then logged in, in the
 * dashboard too, and the store exists as a draft nobody else can see yet.
 */
export default async function AccountPage({ searchParams }: WizardPageProps) {
  const { draft, flash } = await anonymousPage(await searchParams);
  if (!draft) redirect('/start');
  const slug = draft.slug ?? draft.suggestedSlug ?? '';

  return (
    <Frame
      screen="account"
      title="Your account"
      lead="You log in with your phone number and this password."
      flash={flash}
    >
      <div className="o-card w-summary" data-draft>
        <p>
          <strong>{draft.storeName}</strong> · {categoryLabel(draft.vertical)}
        </p>
        <p className="o-small">
          Your link: <strong data-slug>{slug ? `${slug}.${platformDomain()}` : '…'}</strong> ·{' '}
          <a href="/start">change</a>
        </p>
      </div>
      <form method="post" action="/start/save/account" className="o-form o-card" data-form="account">
        <label>
          Your name
          <input
            name="ownerName"
            required
            maxLength={120}
            defaultValue={draft.ownerName ?? ''}
            autoComplete="name"
            placeholder="e.g. Wanjiru Kamau"
          />
        </label>
        <label>
          Phone number (M-Pesa / WhatsApp)
          <input
            name="phone"
            required
            type="tel"
            inputMode="tel"
            maxLength={32}
            defaultValue={draft.phone ?? ''}
            autoComplete="tel"
            placeholder="0712 345 678"
          />
        </label>
        <label>
          Password (at least 10 characters)
          <input name="password" required type="password" minLength={10} maxLength={200} autoComplete="new-password" />
        </label>
        <details className="w-advanced" open={Boolean(draft.email)}>
          <summary>Advanced: add an email</summary>
          <label>
            Email (optional: order alerts and receipts)
            <input
              name="email"
              type="email"
              maxLength={200}
              defaultValue={draft.email ?? ''}
              autoComplete="email"
              placeholder="you@example.co.ke"
            />
          </label>
        </details>
        <button type="submit" className="o-button w-primary">
          Create my store
        </button>
        <p className="o-small o-muted">Your store stays private until you publish it at the end.</p>
      </form>
    </Frame>
  );
}
