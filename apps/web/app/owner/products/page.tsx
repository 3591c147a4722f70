import { ownerProductListSchema } from '@sokoni/contracts';
import { Shell, ProblemBox } from '../_components/shell';
import type { OwnerProduct } from '@/lib/owner-data';
import { formatKes } from '@/lib/owner-format';
import { ownerPage, param, pathWith, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

const PAGE_SIZE = 50;
/** A title search reads the catalog (the API lists by status only): at most this many products. */
const SEARCH_PAGES = 5;
const SEARCH_PAGE_SIZE = 200;
const STATUSES = ['active', 'draft', 'archived'] as const;
const LOW_STOCK = 3;
const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function priceRange(p: OwnerProduct): string {
  const prices = p.variants.map((v) => v.currentPriceKes);
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  return lo === hi ? formatKes(lo) : `${formatKes(lo)} – ${formatKes(hi)}`;
}

/** Products: search by title, filter by status, stock at a glance (low stock flagged). */
export default async function ProductsPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const q = (param(search, 'q') ?? '').trim().slice(0, 80);
  const status = STATUSES.find((s) => s === param(search, 'status'));
  const rawCursor = param(search, 'cursor') ?? '';
  const cursor = SLUG_RE.test(rawCursor) ? rawCursor : undefined;
  const here = pathWith('/owner/products', { q, status, cursor });
  const { api, session, flash } = await ownerPage(here, search);

  let items: OwnerProduct[] = [];
  let nextCursor: string | null = null;
  let problem = null;
  if (q) {
    // Title search: read the catalog page by page and keep the matches.
    const needle = q.toLowerCase();
    let after: string | null = null;
    for (let i = 0; i < SEARCH_PAGES; i++) {
      const qs = new URLSearchParams({ limit: String(SEARCH_PAGE_SIZE) });
      if (status) qs.set('status', status);
      if (after) qs.set('cursor', after);
      const answer = await api.get(`/v1/owner/catalog/products?${qs}`, ownerProductListSchema);
      if (!answer.ok) {
        problem = answer.problem;
        break;
      }
      items.push(
        ...answer.data.items.filter(
          (p) => p.title.toLowerCase().includes(needle) || p.variants.some((v) => v.sku.toLowerCase() === needle),
        ),
      );
      after = answer.data.nextCursor;
      if (!after) break;
    }
  } else {
    const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (status) qs.set('status', status);
    if (cursor) qs.set('cursor', cursor);
    const answer = await api.get(`/v1/owner/catalog/products?${qs}`, ownerProductListSchema);
    if (answer.ok) {
      items = answer.data.items;
      nextCursor = answer.data.nextCursor;
    } else problem = answer.problem;
  }

  const bulk = can.moveStock(session.role) || can.editCatalog(session.role) || can.editPrices(session.role);
  return (
    <Shell session={session} tab="products" title="Products" flash={flash}>
      {can.editCatalog(session.role) ? (
        <p className="o-page-actions">
          <a href="/owner/products/new" className="o-button" data-add-product-link>
            + Add a product
          </a>
          <a href="/owner/products/import" data-import-link>
            Import from CSV
          </a>
          <a href="/owner/products/new/matrix" data-matrix-link>
            + With options (Size × Colour)
          </a>
          <a href="/owner/categories" data-categories-link>
            Categories
          </a>
        </p>
      ) : null}
      <p className="o-small">
        <a href="/owner/reviews" data-reviews-link>
          Reviews from shoppers
        </a>
      </p>
      <form method="get" action="/owner/products" className="o-filters o-filters--two" role="search">
        <label>
          Search
          <input type="search" name="q" defaultValue={q} placeholder="Title or SKU" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={status ?? ''}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <div className="o-filters__go">
          <button type="submit" className="o-button">
            Show
          </button>
          {q || status ? <a href="/owner/products">Clear</a> : null}
        </div>
      </form>
      {problem ? (
        <ProblemBox problem={problem} what="products" />
      ) : items.length === 0 ? (
        <p className="o-muted">{q ? `No products match "${q}".` : 'No products here yet.'}</p>
      ) : (
        <form method="post" action="/owner/products/bulk" data-bulk-form>
          <input type="hidden" name="back" value={here} />
          <ul className="o-list" data-products>
            {items.map((p) => {
              const stock = p.variants.reduce((n, v) => n + v.onHand, 0);
              const low = p.variants.some((v) => v.status === 'active' && v.onHand <= LOW_STOCK);
              return (
                <li
                  key={p.slug}
                  className="o-bulk-row"
                  style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}
                >
                  {bulk ? (
                    <input
                      type="checkbox"
                      name="product"
                      value={p.slug}
                      aria-label={`Select ${p.title}`}
                      data-select={p.slug}
                      style={{ width: '1.5rem', height: '1.5rem', flex: 'none' }}
                    />
                  ) : null}
                  <a
                    style={{ flex: 1, minWidth: 0 }}
                    href={`/owner/products/${p.slug}`}
                    className="o-order"
                    data-product={p.slug}
                  >
                    <span className="o-order__top">
                      <strong>{p.title}</strong>
                      {p.status !== 'active' ? (
                        <span className={`o-badge o-badge--${p.status}`}>{p.status}</span>
                      ) : null}
                    </span>
                    <span className="o-order__bottom">
                      <span className={low ? 'o-low' : undefined}>
                        {stock} in stock{p.variants.length > 1 ? ` · ${p.variants.length} variants` : ''}
                        {low ? ' · low' : ''}
                      </span>
                      <strong>{priceRange(p)}</strong>
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
          {bulk ? <BulkControls role={session.role} /> : null}
          <p className="o-pager">
            {cursor ? <a href={pathWith('/owner/products', { status })}>First page</a> : <span />}
            {nextCursor ? (
              <a href={pathWith('/owner/products', { status, cursor: nextCursor })} rel="next">
                More →
              </a>
            ) : null}
          </p>
        </form>
      )}
    </Shell>
  );
}

/**
 * Bulk edits of the ticked rows: each button submits the list's form with its action (plain
 * HTML, no JavaScript). What the role may not do is not offered (staff: stock only).
 */
function BulkControls({ role }: { role: Parameters<typeof can.editPrices>[0] }) {
  return (
    <fieldset className="o-card o-bulk" data-bulk>
      <legend>With the ticked products</legend>
      {can.editPrices(role) ? (
        <>
          <div className="o-form o-form--inline">
            <label>
              Change price by %
              <input name="percent" inputMode="numeric" pattern="-?[0-9]*" placeholder="e.g. 10 or -15" />
            </label>
            <button type="submit" name="action" value="price" className="o-button" data-bulk-price>
              Change prices
            </button>
          </div>
          <div className="o-form o-form--inline">
            <label>
              Sale: % off
              <input name="salePercent" inputMode="numeric" pattern="[0-9]*" placeholder="e.g. 20" />
            </label>
            <label>
              For days
              <input name="days" inputMode="numeric" pattern="[0-9]*" defaultValue="7" />
            </label>
            <button type="submit" name="action" value="sale" className="o-button" data-bulk-sale>
              Put on sale
            </button>
          </div>
        </>
      ) : null}
      {can.moveStock(role) ? (
        <div className="o-form o-form--inline">
          <label>
            Set stock to
            <input name="onHand" inputMode="numeric" pattern="[0-9]*" placeholder="e.g. 10" />
          </label>
          <button type="submit" name="action" value="stock" className="o-button" data-bulk-stock>
            Set stock
          </button>
        </div>
      ) : null}
      {can.editCatalog(role) ? (
        <button type="submit" name="action" value="archive" className="o-button o-button--plain" data-bulk-archive>
          Archive
        </button>
      ) : null}
    </fieldset>
  );
}
