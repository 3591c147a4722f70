import {
  brandingResponseSchema,
  contrastRatio,
  formatRatio,
  HOME_SECTION_TYPES,
  MAX_HOME_SECTIONS,
  type BrandingView,
  type HomeSectionType,
} from '@sokoni/contracts';
import { SettingsShell, ProblemBox } from '../../_components/shell';
import { when } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';
import { StoreLanguageForm } from './store-language';

const SECTION_LABELS: Record<HomeSectionType, string> = {
  featured_collection: 'Featured collection',
  best_sellers: 'Best sellers (from paid orders)',
  new_arrivals: 'New arrivals',
  category_grid: 'Category grid',
  shop_by_area: 'Shop by area ("we deliver to Kilimani today")',
};

/**
 * Branding and business details (store identity): brand colour (contrast-checked against the
 * white text drawn on it), logo, hero banner, announcement bar, the home page sections in the
 * order the owner picks (one slot per position, no JavaScript needed), and the business details
 * shown in the storefront footer and on invoices. Owners and admins change them; staff only see.
 */
export default async function BrandingPage({ searchParams }: OwnerPageProps) {
  const { api, session, flash } = await ownerPage('/owner/settings/branding', await searchParams);
  const answer = await api.get('/v1/owner/settings/branding', brandingResponseSchema);
  const edit = can.editSettings(session.role);
  return (
    <SettingsShell session={session} title="Branding" flash={flash}>
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="branding" />
      ) : (
        <Branding view={answer.data.branding} edit={edit} />
      )}
      <StoreLanguageForm api={api} edit={edit} />
    </SettingsShell>
  );
}

function Branding({ view, edit }: { view: BrandingView; edit: boolean }) {
  const ratio = contrastRatio(view.brandColor, '#ffffff');
  const slots = Array.from({ length: MAX_HOME_SECTIONS }, (_, i) => view.sections[i] ?? null);
  return (
    <>
      {!edit ? (
        <p className="o-muted">Only the owner or an admin can change the store&apos;s look and details.</p>
      ) : null}
      {!view.saved ? (
        <p className="o-muted o-small" data-branding-defaults>
          Your store shows the default look for its kind of shop. Change anything below to make it yours.
        </p>
      ) : view.updatedAt ? (
        <p className="o-muted o-small">Saved {when(view.updatedAt)}</p>
      ) : null}

      <section aria-labelledby="look-h" className="o-card" data-branding-look>
        <h2 id="look-h">Look and home page</h2>
        <form method="post" action="/owner/settings/branding/look" className="o-form">
          <fieldset disabled={!edit} className="o-fieldset">
            <label>
              Brand colour (header, buttons and links; white text goes on it)
              <input type="color" name="brandColor" defaultValue={view.brandColor} data-brand-color-input />
            </label>
            <p className="o-small o-muted">
              <span
                aria-hidden="true"
                style={{ background: view.brandColor, color: '#fff', padding: '2px 8px', borderRadius: 4 }}
              >
                Aa
              </span>{' '}
              {view.brandColor}: contrast {formatRatio(ratio)} with white text (needs 4.5:1).
            </p>

            <h3>Announcement bar</h3>
            <label>
              Text (empty = no bar)
              <input name="announcement" maxLength={140} defaultValue={view.announcement?.text ?? ''} />
            </label>
            <label>
              Link (optional: /c/phones or https://...)
              <input name="announcementLink" maxLength={200} defaultValue={view.announcement?.link ?? ''} />
            </label>

            <h3>Hero banner</h3>
            <label>
              Headline (empty = no hero)
              <input name="heroHeadline" maxLength={90} defaultValue={view.hero?.headline ?? ''} />
            </label>
            <label>
              Line under it
              <input name="heroText" maxLength={200} defaultValue={view.hero?.text ?? ''} />
            </label>
            <label>
              Button link (optional: /c/phones, /products/..., https://...)
              <input name="heroLink" maxLength={200} defaultValue={view.hero?.link ?? ''} />
            </label>
            <label>
              Button text
              <input
                name="heroLinkLabel"
                maxLength={40}
                defaultValue={view.hero?.linkLabel ?? ''}
                placeholder="Shop now"
              />
            </label>

            <h3>Home page sections, top to bottom</h3>
            {slots.map((s, i) => (
              <div key={i} className="o-form--split" data-section-slot={i + 1}>
                <label>
                  {`Section ${i + 1}`}
                  <select name={`section${i + 1}`} defaultValue={s?.type ?? ''}>
                    <option value="">— none —</option>
                    {HOME_SECTION_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {SECTION_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Collection (featured collection only)
                  <select
                    name={`section${i + 1}Collection`}
                    defaultValue={s?.type === 'featured_collection' ? s.collection : ''}
                  >
                    <option value="">—</option>
                    {view.collections.map((c) => (
                      <option key={c.slug} value={c.slug}>
                        {c.title}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Title (optional)
                  <input name={`section${i + 1}Title`} maxLength={60} defaultValue={s?.title ?? ''} />
                </label>
              </div>
            ))}
            {edit ? (
              <button type="submit" className="o-button" data-save-branding>
                Save look
              </button>
            ) : null}
          </fieldset>
        </form>
      </section>

      <section aria-labelledby="pics-h" className="o-card" data-branding-pictures>
        <h2 id="pics-h">Logo and hero picture</h2>
        <Picture kind="logo" label="Logo (square, at least 64 px)" image={view.logo} edit={edit} />
        <Picture
          kind="hero"
          label="Hero picture (wide, at least 640 x 200 px)"
          image={view.hero?.image ?? null}
          edit={edit}
        />
      </section>

      <section aria-labelledby="biz-h" className="o-card" data-business-form>
        <h2 id="biz-h">Business details</h2>
        <p className="o-small o-muted">Shown in your store&apos;s footer and printed on every invoice.</p>
        <form method="post" action="/owner/settings/branding/business" className="o-form">
          <fieldset disabled={!edit} className="o-fieldset">
            <label>
              Registered business name
              <input
                name="legalName"
                required
                minLength={2}
                maxLength={160}
                defaultValue={view.business.legalName ?? ''}
              />
            </label>
            <label>
              KRA PIN (e.g. P051234567X; empty if not registered)
              <input
                name="kraPin"
                maxLength={14}
                autoCapitalize="characters"
                pattern="\s*[AaPp]\s*[0-9]{9}\s*[A-Za-z]\s*"
                defaultValue={view.business.kraPin ?? ''}
              />
            </label>
            <label>
              Physical address
              <textarea
                name="physicalAddress"
                required
                minLength={5}
                maxLength={300}
                rows={2}
                defaultValue={view.business.physicalAddress ?? ''}
              />
            </label>
            <label>
              Opening hours
              <textarea
                name="openingHours"
                required
                minLength={3}
                maxLength={300}
                rows={3}
                placeholder={'Mon–Sat 8:00–19:00\nSun 10:00–16:00'}
                defaultValue={view.business.openingHours ?? ''}
              />
            </label>
            {edit ? (
              <button type="submit" className="o-button" data-save-business>
                Save business details
              </button>
            ) : null}
          </fieldset>
        </form>
      </section>
    </>
  );
}

function Picture({
  kind,
  label,
  image,
  edit,
}: {
  kind: 'logo' | 'hero';
  label: string;
  image: BrandingView['logo'];
  edit: boolean;
}) {
  return (
    <div className="o-form--split" data-picture={kind}>
      {image ? (
        <img
          src={`${image.url}?w=320`}
          alt={`Current ${kind}`}
          width={kind === 'logo' ? 64 : 240}
          style={{ height: 'auto' }}
        />
      ) : (
        <p className="o-muted o-small">No {kind} yet.</p>
      )}
      {edit ? (
        <>
          <form
            method="post"
            action={`/owner/settings/branding/picture/${kind}`}
            encType="multipart/form-data"
            className="o-form"
          >
            <label>
              {label}
              <input type="file" name="picture" accept="image/jpeg,image/png,image/webp,image/avif" required />
            </label>
            <button type="submit" className="o-button o-button--plain">
              Upload {kind}
            </button>
          </form>
          {image ? (
            <form method="post" action={`/owner/settings/branding/picture/${kind}`} className="o-form">
              <input type="hidden" name="remove" value="1" />
              <button type="submit" className="o-button o-button--plain">
                Remove {kind}
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
