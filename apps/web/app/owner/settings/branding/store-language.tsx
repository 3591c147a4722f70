import { storeLanguageResponseSchema } from '@sokoni/contracts';
import type { OwnerApi } from '@/lib/owner-api';

/**
 * The storefront's default language (store identity). Shoppers switch with a link in the store
 * header, remembered per store in a cookie; this only decides what a first visit sees.
 */
export async function StoreLanguageForm({ api, edit }: { api: OwnerApi; edit: boolean }) {
  const answer = await api.get('/v1/owner/settings/language', storeLanguageResponseSchema);
  const language = answer.ok ? answer.data.language : 'en';
  return (
    <section aria-labelledby="lang-h" className="o-card" data-store-language>
      <h2 id="lang-h">Storefront language</h2>
      <form method="post" action="/owner/settings/branding/language" className="o-form">
        <fieldset disabled={!edit} className="o-fieldset">
          <label>
            Shoppers see your store in
            <select name="language" defaultValue={language}>
              <option value="en">English</option>
              <option value="sw">Kiswahili</option>
            </select>
          </label>
          <p className="o-small o-muted">
            Shoppers can switch language with the link in the store header; their choice is remembered.
          </p>
          <button type="submit" className="o-button" data-save-language>
            Save language
          </button>
        </fieldset>
      </form>
    </section>
  );
}
