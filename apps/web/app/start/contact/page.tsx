import { ownerMeSchema } from '@sokoni/contracts';
import { localPhone } from '@/lib/owner-format';
import { Frame, signedInScreen } from '../_components/frame';

/**
 * Screen 3: how shoppers reach the store: the WhatsApp number (pre-filled with the owner's
 * phone) and where the shop is. The tagline (pre-filled for the category) is under "Advanced".
 */
export default signedInScreen('contact', async ({ progress, flash, api }) => {
  let whatsapp = progress.store.whatsappNumber ? localPhone(progress.store.whatsappNumber) : '';
  if (!whatsapp) {
    const me = await api.get('/v1/owner/auth/me', ownerMeSchema);
    if (me.ok && me.data.user.phone) whatsapp = localPhone(me.data.user.phone);
  }
  const tagline = progress.store.tagline || progress.defaults.tagline;

  return (
    <Frame
      screen="contact"
      title="How shoppers reach you"
      lead="Shoppers can message you on WhatsApp from every page of your store."
      flash={flash}
    >
      <form method="post" action="/start/save/contact" className="o-form o-card" data-form="contact">
        <label>
          WhatsApp number
          <input
            name="whatsappNumber"
            required
            type="tel"
            inputMode="tel"
            maxLength={32}
            defaultValue={whatsapp}
            placeholder="0712 345 678"
          />
        </label>
        <label>
          Where are you? (shown to shoppers)
          <input
            name="location"
            required
            minLength={2}
            maxLength={160}
            defaultValue={progress.store.location}
            placeholder="e.g. Luthuli Avenue, Nairobi CBD"
          />
        </label>
        <details className="w-advanced" open={progress.showAdvanced}>
          <summary>Advanced: tagline</summary>
          <label>
            Tagline (under your store name)
            <input name="tagline" maxLength={160} defaultValue={tagline} />
          </label>
        </details>
        <button type="submit" className="o-button w-primary">
          Save and continue
        </button>
      </form>
    </Frame>
  );
});
