import { ownerCategoryListSchema } from '@sokoni/contracts';
import { headers } from 'next/headers';
import { Shell } from '../../_components/shell';
import { ownerPage, param, pathWith, type OwnerPageProps } from '@/lib/owner-page';
import {
  NEW_PRODUCT_PATH,
  readProductDraft,
  type ProductErrors,
  type ProductField,
  type ProductValues,
} from '@/lib/owner-products';
import { can } from '@/lib/owner-session';

/** Suggestions for the option's name (any name may be typed). */
const OPTION_NAMES = ['Colour', 'Size', 'Storage', 'Material', 'Capacity', 'Style'];

/**
 * Add a product from a phone: a name, a price, how many are in stock, and at most one option
 * (Colour: Black, Blue -> one variant per value, same price and stock). Insight cards link here
 * with `?title=<what a shopper searched for>`. A refused form comes back with what was typed and
 * the reason next to its field (?d= names the draft the route handler left in a cookie).
 */
export default async function NewProductPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const suggested = (param(search, 'title') ?? '').trim().replace(/\s+/g, ' ').slice(0, 200);
  const { api, session, flash } = await ownerPage(pathWith(NEW_PRODUCT_PATH, { title: suggested }), search);
  const draft = readProductDraft((await headers()).get('cookie'), param(search, 'd'));
  const allowed = can.editCatalog(session.role);
  const back = { href: '/owner/products', label: 'Products' };

  if (!allowed) {
    return (
      <Shell session={session} tab="products" title="Add a product" flash={flash} back={back}>
        <p className="o-flash o-flash--error" role="alert" data-refused>
          {draft?.message ??
            `Your role (${session.role}) cannot add products: ask the owner or an admin. You can still update stock on each product's page.`}
        </p>
      </Shell>
    );
  }

  const categoriesAnswer = await api.get('/v1/owner/catalog/categories', ownerCategoryListSchema);
  const categories = categoriesAnswer.ok ? categoriesAnswer.data.categories : [];
  const values: Partial<ProductValues> = draft?.values ?? { title: suggested };
  const errors: ProductErrors = draft?.errors ?? {};
  const v = (f: ProductField) => values[f] ?? '';
  const moreOpen = Boolean(v('sku') || v('draft') || errors.sku);

  /** Ids and ARIA for a field, its hint and its error. */
  const field = (name: ProductField, hint?: boolean) => ({
    name,
    id: `f-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby':
      [errors[name] ? `e-${name}` : '', hint ? `h-${name}` : ''].filter(Boolean).join(' ') || undefined,
  });
  const error = (name: ProductField) =>
    errors[name] ? (
      <span className="o-field-error" id={`e-${name}`} data-error-for={name}>
        {errors[name]}
      </span>
    ) : null;

  return (
    <Shell session={session} tab="products" title="Add a product" flash={flash} back={back}>
      {draft?.message ? (
        <p className="o-flash o-flash--error" role="alert" data-form-error>
          {draft.message}
        </p>
      ) : Object.keys(errors).length ? (
        <p className="o-flash o-flash--error" role="alert" data-form-error>
          Nothing was saved: check the fields marked below.
        </p>
      ) : null}
      {suggested && !draft ? (
        <p className="o-muted o-small" data-suggested>
          Shoppers searched your shop for “{suggested}”. Add it and they will find it next time.
        </p>
      ) : null}

      <form
        method="post"
        action={`${NEW_PRODUCT_PATH}/create`}
        className="o-form o-card o-product-form"
        data-new-product
      >
        <label>
          Name
          <input
            {...field('title')}
            required
            maxLength={200}
            defaultValue={v('title')}
            placeholder="e.g. AirPods Pro (2nd gen)"
            autoCapitalize="sentences"
          />
          {error('title')}
        </label>

        <div className="o-pair">
          <label>
            Price (KES)
            <input
              {...field('priceKes')}
              required
              inputMode="numeric"
              pattern="[0-9, ]*"
              defaultValue={v('priceKes')}
              placeholder="e.g. 1500"
            />
            {error('priceKes')}
          </label>
          <label>
            In stock now
            <input
              {...field('stock', true)}
              inputMode="numeric"
              pattern="[0-9, ]*"
              defaultValue={v('stock')}
              placeholder="0"
            />
            <span className="o-hint" id="h-stock">
              How many you have (each option value gets this many)
            </span>
            {error('stock')}
          </label>
        </div>

        <label>
          Category
          <select {...field('category')} defaultValue={v('category')}>
            <option value="">No category</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
          {!categoriesAnswer.ok ? (
            <span className="o-hint">Could not load your categories: {categoriesAnswer.problem.message}</span>
          ) : null}
          {error('category')}
        </label>

        <fieldset className="o-fieldset o-option" aria-describedby="h-option">
          <legend>Colours, sizes… (optional)</legend>
          <p className="o-hint" id="h-option">
            If it comes in several, name the option and list the values: each value becomes a variant with the price and
            stock above.
          </p>
          <label>
            Option
            <input
              {...field('optionName')}
              list="option-names"
              maxLength={40}
              defaultValue={v('optionName')}
              placeholder="e.g. Colour"
            />
            {error('optionName')}
          </label>
          <datalist id="option-names">
            {OPTION_NAMES.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <label>
            Values, separated by commas
            <input
              {...field('optionValues')}
              maxLength={2000}
              defaultValue={v('optionValues')}
              placeholder="e.g. Black, Blue"
            />
            {error('optionValues')}
          </label>
        </fieldset>

        <label>
          Brand (optional)
          <input {...field('brand')} maxLength={80} defaultValue={v('brand')} placeholder="e.g. Apple" />
          {error('brand')}
        </label>
        <label>
          Description (optional)
          <textarea
            {...field('description')}
            rows={4}
            maxLength={5000}
            defaultValue={v('description')}
            placeholder="What it is, what is in the box, warranty"
          />
          {error('description')}
        </label>

        <details open={moreOpen || undefined}>
          <summary>SKU and visibility</summary>
          <div className="o-fieldset">
            <label>
              SKU (optional)
              <input
                {...field('sku', true)}
                maxLength={64}
                defaultValue={v('sku')}
                autoCapitalize="characters"
                placeholder="Made from the name if empty"
              />
              <span className="o-hint" id="h-sku">
                With an option, each value is added to it: SKU-BLACK, SKU-BLUE.
              </span>
              {error('sku')}
            </label>
            <label className="o-check">
              <input type="checkbox" name="draft" value="1" defaultChecked={Boolean(v('draft'))} />
              Keep it hidden for now (draft)
            </label>
          </div>
        </details>

        <button type="submit" className="o-button" data-add-product>
          Add product
        </button>
      </form>
      <p className="o-muted o-small">
        Many products at once? <a href="/owner/products/import">Import a CSV file</a>.
      </p>
    </Shell>
  );
}
