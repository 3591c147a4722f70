import { ownerCategoryTreeSchema, type OwnerCategory } from '@sokoni/contracts';
import { Shell, ProblemBox } from '../_components/shell';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

/**
 * Categories: add, rename, reorder (up/down buttons, plain forms: no JavaScript needed), nest one
 * level (Phones > Android). Deleting a subcategory moves its products to the parent; deleting a
 * top-level category moves them to "Other" (docs/catalog.md). Staff see the list only.
 */
export default async function CategoriesPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage('/owner/categories', search);
  const answer = await api.get('/v1/owner/catalog/categories/tree', ownerCategoryTreeSchema);
  const editable = can.editCatalog(session.role);
  const categories = answer.ok ? answer.data.categories : [];
  const topLevel = categories.filter((c) => !c.parentSlug);
  const siblingsOf = (c: OwnerCategory) => categories.filter((x) => x.parentSlug === c.parentSlug);

  return (
    <Shell
      session={session}
      tab="products"
      title="Categories"
      flash={flash}
      back={{ href: '/owner/products', label: 'Products' }}
    >
      {!answer.ok ? (
        <ProblemBox problem={answer.problem} what="categories" />
      ) : (
        <>
          {categories.length === 0 ? <p className="o-muted">No categories yet.</p> : null}
          <ul className="o-list" data-categories>
            {categories.map((c) => {
              const siblings = siblingsOf(c);
              const index = siblings.findIndex((x) => x.slug === c.slug);
              const base = `/owner/categories/${c.slug}`;
              return (
                <li
                  key={c.slug}
                  className={c.parentSlug ? 'o-card o-cat o-cat--child' : 'o-card o-cat'}
                  data-category={c.slug}
                  data-parent={c.parentSlug ?? ''}
                  style={c.parentSlug ? { marginInlineStart: '1.25rem' } : undefined}
                >
                  <p className="o-order__top">
                    <strong data-category-name>
                      {c.parentSlug ? <span aria-hidden="true">↳ </span> : null}
                      {c.name}
                    </strong>
                    <span className="o-muted o-small">
                      /{c.slug} · {c.productCount} product{c.productCount === 1 ? '' : 's'}
                    </span>
                  </p>
                  {editable ? (
                    <>
                      <div className="o-form o-form--inline">
                        <form method="post" action={`${base}/move`}>
                          <input type="hidden" name="direction" value="up" />
                          <button
                            type="submit"
                            className="o-button o-button--plain"
                            disabled={index <= 0}
                            aria-label={`Move ${c.name} up`}
                            data-move-up={c.slug}
                          >
                            ↑ Up
                          </button>
                        </form>
                        <form method="post" action={`${base}/move`}>
                          <input type="hidden" name="direction" value="down" />
                          <button
                            type="submit"
                            className="o-button o-button--plain"
                            disabled={index >= siblings.length - 1}
                            aria-label={`Move ${c.name} down`}
                            data-move-down={c.slug}
                          >
                            ↓ Down
                          </button>
                        </form>
                        <form method="post" action={`${base}/delete`}>
                          <button type="submit" className="o-button o-button--plain" data-delete={c.slug}>
                            Delete
                          </button>
                        </form>
                      </div>
                      <details>
                        <summary>Rename or move</summary>
                        <form method="post" action={`${base}/edit`} className="o-form" data-edit-category={c.slug}>
                          <label>
                            Name
                            <input name="name" required maxLength={60} defaultValue={c.name} />
                          </label>
                          <label>
                            Inside
                            <select name="parentSlug" defaultValue={c.parentSlug ?? ''}>
                              <option value="">Nothing (top level)</option>
                              {topLevel
                                .filter((p) => p.slug !== c.slug)
                                .map((p) => (
                                  <option key={p.slug} value={p.slug}>
                                    {p.name}
                                  </option>
                                ))}
                            </select>
                          </label>
                          <button type="submit" className="o-button">
                            Save
                          </button>
                        </form>
                      </details>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {editable ? (
            <section aria-labelledby="add-cat-h">
              <h2 id="add-cat-h">Add a category</h2>
              <form method="post" action="/owner/categories/add" className="o-form o-card" data-add-category>
                <label>
                  Name
                  <input name="name" required maxLength={60} placeholder="e.g. Android" />
                </label>
                <label>
                  Inside (optional)
                  <select name="parentSlug" defaultValue="">
                    <option value="">Nothing (top level)</option>
                    {topLevel.map((p) => (
                      <option key={p.slug} value={p.slug}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" className="o-button" data-add-category-submit>
                  Add category
                </button>
                <p className="o-hint">
                  Categories nest one level (Phones &gt; Android). Deleting one moves its products to the category above
                  it, or to &quot;Other&quot;.
                </p>
              </form>
            </section>
          ) : null}
        </>
      )}
    </Shell>
  );
}
