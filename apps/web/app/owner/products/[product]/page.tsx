import { backInStockWaitingSchema, ownerImageListSchema, ownerProductResponseSchema } from '@sokoni/contracts';
import { notFound } from 'next/navigation';
import { Shell, ProblemBox } from '../../_components/shell';
import { PhotoDragReorder } from '../../_components/photo-drag';
import type { OwnerProduct } from '@/lib/owner-data';
import { formatKes } from '@/lib/owner-format';
import { ownerPage } from '@/lib/owner-page';
import { DEFAULT_SALE_DAYS, MATRIX_OPTIONS, SALE_DAYS } from '@/lib/owner-products';
import { can } from '@/lib/owner-session';

const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * One product: its words and status, each variant's price and stock, and its photos (a photo
 * from the phone's camera goes up as a plain multipart form). What a role may not change is
 * shown, not offered (staff: stock only). "Put on sale" (#sale, where insight cards about slow
 * sellers point) starts a sale price for a few days on one variant or all of them. "Add a
 * variant" (#add-variant) adds a new colour or size to a product with options.
 */
export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ product: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const slug = (await params).product;
  if (!SLUG_RE.test(slug) || slug.length > 120) notFound();
  const base = `/owner/products/${slug}`;
  const search = await searchParams;
  const { api, session, flash } = await ownerPage(base, search);
  // An insight card ("none sold in 30 days") links here with the price it suggests.
  const suggested =
    typeof search.salePriceKes === 'string' && /^[1-9][0-9]{0,8}$/.test(search.salePriceKes)
      ? search.salePriceKes
      : undefined;
  const [answer, photoList, waitingList] = await Promise.all([
    api.get(`/v1/owner/catalog/products/${slug}`, ownerProductResponseSchema),
    api.get(`/v1/owner/catalog/products/${slug}/images`, ownerImageListSchema),
    api.get(`/v1/owner/back-in-stock?product=${slug}`, backInStockWaitingSchema),
  ]);
  if (!answer.ok && answer.problem.status === 404) notFound();
  if (!answer.ok) {
    return (
      <Shell session={session} tab="products" title="Product" back={{ href: '/owner/products', label: 'Products' }}>
        <ProblemBox problem={answer.problem} what="this product" />
      </Shell>
    );
  }
  const p = answer.data.product;
  const images = photoList.ok ? photoList.data.images : [];
  /** Shoppers who asked to be told when a sold-out variant is back (docs/back-in-stock.md). */
  const waitingFor = (sku: string) =>
    waitingList.ok ? (waitingList.data.variants.find((w) => w.sku === sku)?.waiting ?? 0) : 0;
  /** The photo a variant shows (its position, 1-based), when it has its own. */
  const photoOf = (sku: string) => {
    const i = images.findIndex((img) => img.skus.includes(sku));
    return i < 0 ? null : i + 1;
  };
  const editable = can.editCatalog(session.role);
  const prices = can.editPrices(session.role);
  const saleable = p.variants.filter((v) => v.status === 'active');
  const onSale = saleable.filter((v) => v.currentPriceKes < v.priceKes);
  // In the product's option order (jsonb keeps keys shortest first).
  const variantName = (v: OwnerProduct['variants'][number]) =>
    p.optionNames
      .map((n) => v.options[n])
      .filter(Boolean)
      .join(' / ') || p.title;
  const colourName = p.optionNames.find((n) => /colou?r/i.test(n)) ?? p.optionNames[0];
  /** An option's values in the variants' order (offered when adding a variant). */
  const optionValues = (name: string) => [
    ...new Set(p.variants.map((v) => v.options[name]).filter((v): v is string => Boolean(v))),
  ];

  return (
    <Shell
      session={session}
      tab="products"
      title={p.title}
      flash={flash}
      back={{ href: '/owner/products', label: 'Products' }}
    >
      <p className="o-muted o-small">
        {p.status} · <a href={`/s/${session.store}/products/${p.slug}`}>See it in the shop</a>
      </p>

      <section id="stock" aria-labelledby="var-h">
        <h2 id="var-h">{p.variants.length > 1 ? 'Variants' : 'Price and stock'}</h2>
        <ul className="o-list">
          {p.variants.map((v) => (
            <li key={v.sku} className="o-card" data-variant={v.sku}>
              <p className="o-order__top">
                <strong>{variantName(v)}</strong>
                <span className="o-muted o-small">{v.sku}</span>
              </p>
              <p>
                <span data-price>{formatKes(v.currentPriceKes)}</span>
                {v.currentPriceKes !== v.priceKes ? (
                  <span className="o-muted"> (on sale; normally {formatKes(v.priceKes)})</span>
                ) : null}
                {v.compareAtKes ? <span className="o-muted"> · was {formatKes(v.compareAtKes)}</span> : null}
                {' · '}
                <strong data-stock>{v.onHand}</strong> in stock
                {v.status === 'archived' ? <span className="o-muted"> · archived</span> : null}
                {photoOf(v.sku) ? <span className="o-muted"> · photo {photoOf(v.sku)}</span> : null}
              </p>
              {waitingFor(v.sku) > 0 ? (
                <p className="o-small" data-waiting={v.sku}>
                  <strong>{waitingFor(v.sku)}</strong> {waitingFor(v.sku) === 1 ? 'shopper waits' : 'shoppers wait'} for
                  this: restocking sends each one message.
                </p>
              ) : null}
              {prices ? (
                <form method="post" action={`${base}/price`} className="o-form o-form--inline">
                  <input type="hidden" name="sku" value={v.sku} />
                  <label>
                    Price (KES)
                    <input
                      name="priceKes"
                      inputMode="numeric"
                      pattern="[0-9,]*"
                      required
                      defaultValue={String(v.priceKes)}
                    />
                  </label>
                  <label>
                    Was (optional)
                    <input
                      name="compareAtKes"
                      inputMode="numeric"
                      pattern="[0-9,]*"
                      defaultValue={v.compareAtKes ? String(v.compareAtKes) : ''}
                    />
                  </label>
                  <button type="submit" className="o-button" data-save-price={v.sku}>
                    Save price
                  </button>
                </form>
              ) : null}
              <form method="post" action={`${base}/stock`} className="o-form o-form--inline">
                <input type="hidden" name="sku" value={v.sku} />
                <label>
                  Stock change
                  <select name="kind" defaultValue="restock">
                    <option value="restock">Restock (+)</option>
                    <option value="return">Returned (+)</option>
                    <option value="adjustment">Count correction (±)</option>
                  </select>
                </label>
                <label>
                  Quantity
                  <input name="quantity" inputMode="numeric" pattern="-?[0-9]*" required placeholder="e.g. 10 or -2" />
                </label>
                <label className="o-wide">
                  Reason
                  <input name="reason" maxLength={200} placeholder="e.g. New delivery from supplier" />
                </label>
                <button type="submit" className="o-button o-button--plain" data-save-stock={v.sku}>
                  Update stock
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>

      {editable ? (
        <section id="options" aria-labelledby="options-h">
          <h2 id="options-h">Options</h2>
          {p.optionNames.length ? (
            <ul className="o-list o-small" data-options>
              {p.optionNames.map((name) => (
                <li key={name} data-option={name}>
                  <strong>{name}:</strong> {optionValues(name).join(', ')}
                </li>
              ))}
            </ul>
          ) : null}
          <form method="post" action={`${base}/options`} className="o-form o-card" data-options-form>
            <p className="o-hint">
              Type only the new values, separated by commas: every new combination becomes a variant, the others stay as
              they are.
            </p>
            {p.optionNames.map((name, i) => (
              <label key={name}>
                <input type="hidden" name={`optionName${i}`} value={name} />
                New {name.toLowerCase()} values
                <input name={`addValues${i}`} placeholder={`e.g. a new ${name.toLowerCase()}`} data-add-values={name} />
              </label>
            ))}
            {p.optionNames.length < MATRIX_OPTIONS ? (
              <div className="o-form o-form--inline">
                <label>
                  New option
                  <input name="newOptionName" maxLength={40} placeholder="e.g. Material" />
                </label>
                <label>
                  Its values
                  <input name="newOptionValues" placeholder="e.g. Leather, Canvas" />
                </label>
              </div>
            ) : null}
            <label>
              Price of the new variants (KES, optional)
              <input name="priceKes" inputMode="numeric" pattern="[0-9, ]*" placeholder="the product's price" />
            </label>
            <button type="submit" className="o-button" data-add-values-submit>
              Add values
            </button>
          </form>
        </section>
      ) : null}

      {editable ? (
        <section id="add-variant" aria-labelledby="add-variant-h" className="o-add-variant">
          <h2 id="add-variant-h">Add a variant</h2>
          {p.optionNames.length ? (
            <form
              method="post"
              action={`${base}/variants`}
              className="o-form o-form--inline o-card"
              data-add-variant-form
            >
              <p className="o-hint o-wide">
                A new {p.optionNames.map((n) => n.toLowerCase()).join(' or ')} from your supplier: it is sold beside the
                others.
              </p>
              {p.optionNames.map((name, i) => (
                <label key={name} className="o-wide">
                  {name}
                  <input
                    name={`option${i}`}
                    list={`variant-values-${i}`}
                    required
                    maxLength={60}
                    autoComplete="off"
                    placeholder={`e.g. a new ${name.toLowerCase()}`}
                  />
                  <datalist id={`variant-values-${i}`}>
                    {optionValues(name).map((value) => (
                      <option key={value} value={value} />
                    ))}
                  </datalist>
                </label>
              ))}
              <label>
                Price (KES)
                <input
                  name="priceKes"
                  inputMode="numeric"
                  pattern="[0-9, ]*"
                  required
                  defaultValue={p.variants[0] ? String(p.variants[0].priceKes) : ''}
                  placeholder="e.g. 1500"
                />
              </label>
              <label>
                In stock now
                <input name="stock" inputMode="numeric" pattern="[0-9, ]*" placeholder="0" />
              </label>
              <label className="o-wide">
                SKU (optional)
                <input
                  name="sku"
                  maxLength={64}
                  autoCapitalize="characters"
                  placeholder="Made from the name if empty"
                />
              </label>
              <button type="submit" className="o-button" data-add-variant>
                Add variant
              </button>
            </form>
          ) : (
            <p className="o-muted o-small" data-no-options>
              This product has no options (like Colour or Size), so it is sold as one item. For several colours or
              sizes, <a href="/owner/products/new">add it as a product with an option</a>.
            </p>
          )}
        </section>
      ) : null}

      <section id="sale" aria-labelledby="sale-h" className="o-sale">
        <h2 id="sale-h">Put on sale</h2>
        {onSale.length ? (
          <ul className="o-list o-small" data-on-sale>
            {onSale.map((v) => (
              <li key={v.sku} data-sale={v.sku}>
                <span className="o-badge o-badge--sale">On sale</span> {variantName(v)}:{' '}
                <strong>{formatKes(v.currentPriceKes)}</strong>{' '}
                <span className="o-muted">(normally {formatKes(v.priceKes)})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {prices && saleable.length ? (
          <form method="post" action={`${base}/sale`} className="o-form o-form--inline o-card" data-sale-form>
            {saleable.length > 1 ? (
              <label className="o-wide">
                Which
                <select name="sku" defaultValue="all">
                  <option value="all">All {saleable.length} variants</option>
                  {saleable.map((v) => (
                    <option key={v.sku} value={v.sku}>
                      {variantName(v)} ({formatKes(v.priceKes)})
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <input type="hidden" name="sku" value={saleable[0]!.sku} />
            )}
            <label>
              Sale price (KES)
              <input
                name="salePriceKes"
                inputMode="numeric"
                pattern="[0-9,]*"
                required
                defaultValue={suggested}
                placeholder={`below ${Math.min(...saleable.map((v) => v.priceKes))}`}
              />
            </label>
            <label>
              For
              <select name="days" defaultValue={String(DEFAULT_SALE_DAYS)}>
                {SALE_DAYS.map((d) => (
                  <option key={d} value={d}>
                    {d === 1 ? '1 day' : `${d} days`}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="o-button" data-start-sale>
              Start sale
            </button>
            <p className="o-hint o-wide">Starts now and ends by itself. Shoppers see the regular price crossed out.</p>
          </form>
        ) : !prices ? (
          <p className="o-muted" data-sale-not-allowed>
            Only the owner or an admin can put products on sale.
          </p>
        ) : (
          <p className="o-muted">No variant of this product is for sale right now.</p>
        )}
      </section>

      <section id="photos" aria-labelledby="photo-h">
        <h2 id="photo-h">Photos</h2>
        {images.length ? (
          <ul className="o-list" data-photos>
            {images.map((img, i) => (
              <li key={img.id} className="o-card" data-photo={img.id} data-photo-position={i}>
                {editable && images.length > 1 ? (
                  <span className="o-drag" data-photo-drag={i} aria-hidden="true" title="Drag to reorder">
                    ⠿
                  </span>
                ) : null}
                {/* A plain <img>: a 160 px rendition is all a phone needs here. */}
                <img
                  src={`${img.url}?w=160`}
                  alt={img.alt}
                  width={80}
                  height={Math.round((80 * img.height) / Math.max(img.width, 1))}
                  loading="lazy"
                />
                <span className="o-small o-muted">
                  {i === 0 ? 'Main photo' : `Photo ${i + 1}`}
                  {img.skus.length ? ` · for ${img.skus.length} variant${img.skus.length === 1 ? '' : 's'}` : ''}
                </span>
                {editable ? (
                  <form method="post" action={`${base}/photos`} className="o-form o-form--inline">
                    <input type="hidden" name="image" value={img.id} />
                    <button
                      type="submit"
                      name="action"
                      value="up"
                      className="o-button o-button--plain"
                      disabled={i === 0}
                      data-photo-up={i}
                    >
                      ↑ Up
                    </button>
                    <button
                      type="submit"
                      name="action"
                      value="down"
                      className="o-button o-button--plain"
                      disabled={i === images.length - 1}
                      data-photo-down={i}
                    >
                      ↓ Down
                    </button>
                    <button type="submit" name="action" value="delete" className="o-button o-button--plain">
                      Remove
                    </button>
                    {colourName ? (
                      <>
                        <label>
                          Photo of {colourName.toLowerCase()}
                          <select name="colour" defaultValue="" data-photo-colour={i}>
                            <option value="">None</option>
                            {optionValues(colourName).map((value) => (
                              <option key={value} value={`${colourName}::${value}`}>
                                {value}
                              </option>
                            ))}
                          </select>
                        </label>
                        <button
                          type="submit"
                          name="action"
                          value="assign"
                          className="o-button o-button--plain"
                          data-photo-assign={i}
                        >
                          Set
                        </button>
                      </>
                    ) : null}
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="o-muted">No photos yet.</p>
        )}
        {editable && images.length > 1 ? <PhotoDragReorder action={`${base}/photos`} /> : null}
        {editable ? (
          <form method="post" action={`${base}/photo`} encType="multipart/form-data" className="o-form">
            <label>
              Add a photo (JPEG, PNG, WebP; up to 10 MB; iPhone HEIC photos: share as JPEG)
              <input type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/avif" required />
            </label>
            <label>
              Describe it (optional)
              <input name="alt" maxLength={200} placeholder={p.title} />
            </label>
            <button type="submit" className="o-button o-button--plain">
              Upload photo
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="det-h">
        <h2 id="det-h">Details</h2>
        {editable ? (
          <form method="post" action={`${base}/details`} className="o-form o-card">
            <label>
              Title
              <input name="title" required maxLength={200} defaultValue={p.title} />
            </label>
            <label>
              Description
              <textarea name="description" rows={5} maxLength={5000} defaultValue={p.description} />
            </label>
            <label>
              Status
              <select name="status" defaultValue={p.status}>
                <option value="active">Active: in the shop</option>
                <option value="draft">Draft: hidden</option>
                <option value="archived">Archived: no longer sold</option>
              </select>
            </label>
            <button type="submit" className="o-button">
              Save details
            </button>
          </form>
        ) : (
          <div className="o-card">
            <p className="o-pre">{p.description || 'No description.'}</p>
          </div>
        )}
      </section>
    </Shell>
  );
}
