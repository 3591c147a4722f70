import { ownerCategoryTreeSchema, PRODUCT_LIMITS } from '@sokoni/contracts';
import { Shell } from '../../../_components/shell';
import { MATRIX_OPTIONS } from '@/lib/owner-products';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import { can } from '@/lib/owner-session';

const PLACEHOLDERS = [
  ['Size', '40, 41, 42, 43'],
  ['Colour', 'Black, White, Red'],
  ['Material', 'Leather, Canvas'],
] as const;

/**
 * A product with up to 3 options (Size x Colour x Material): each option's values typed once,
 * comma-separated; every combination becomes a variant at the price given (each variant's price,
 * stock and photo are changed on the product's page afterwards).
 */
export default async function NewMatrixProductPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage('/owner/products/new/matrix', search);
  const back = { href: '/owner/products', label: 'Products' };
  if (!can.editCatalog(session.role))
    return (
      <Shell session={session} tab="products" title="Add a product with options" flash={flash} back={back}>
        <p className="o-flash o-flash--error" role="alert">
          Your role ({session.role}) cannot add products: ask the owner or an admin.
        </p>
      </Shell>
    );
  const tree = await api.get('/v1/owner/catalog/categories/tree', ownerCategoryTreeSchema);
  const categories = tree.ok ? tree.data.categories : [];
  return (
    <Shell session={session} tab="products" title="Add a product with options" flash={flash} back={back}>
      <form method="post" action="/owner/products/new/matrix/create" className="o-form o-card" data-matrix-form>
        <label>
          Name
          <input name="title" required maxLength={PRODUCT_LIMITS.titleMax} placeholder="e.g. Canvas sneaker" />
        </label>
        <label>
          Category
          <select name="categorySlug" defaultValue="">
            <option value="">None</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.parentSlug ? `— ${c.name}` : c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Price of each variant (KES)
          <input name="priceKes" inputMode="numeric" pattern="[0-9, ]*" required placeholder="e.g. 2500" />
        </label>
        <label>
          In stock now, each
          <input name="stock" inputMode="numeric" pattern="[0-9, ]*" placeholder="0" />
        </label>
        {Array.from({ length: MATRIX_OPTIONS }, (_, i) => (
          <fieldset key={i} className="o-card">
            <legend>
              Option {i + 1}
              {i > 0 ? ' (optional)' : ''}
            </legend>
            <label>
              Name
              <input
                name={`optionName${i}`}
                maxLength={PRODUCT_LIMITS.optionNameMax}
                required={i === 0}
                placeholder={`e.g. ${PLACEHOLDERS[i]![0]}`}
              />
            </label>
            <label>
              Values, separated by commas
              <input name={`optionValues${i}`} required={i === 0} placeholder={`e.g. ${PLACEHOLDERS[i]![1]}`} />
            </label>
          </fieldset>
        ))}
        <p className="o-hint">
          Every combination becomes a variant with its own SKU (up to {PRODUCT_LIMITS.variantsMax}). You can add values
          later without typing the others again.
        </p>
        <button type="submit" className="o-button" data-matrix-create>
          Make the variants
        </button>
      </form>
    </Shell>
  );
}
