import { categoryLabel } from '@/lib/wizard-flow';
import { Back, Frame, signedInScreen } from '../_components/frame';

const CSV_EXAMPLE =
  'product_slug,title,category,sku,price_kes,stock\nsamsung-a15,Samsung Galaxy A15,phones,SAM-A15,19999,5';

/**
 * Screen 6: first products. One tap adds 8 starter products of the store's category (real
 * names, KES prices, stock and a picture each, to edit or archive later); or one product by
 * hand (name, price, stock); or a CSV file of the whole catalog.
 */
export default signedInScreen('products', ({ progress, flash }) => {
  const label = categoryLabel(progress.store.vertical).toLowerCase();
  const { products, sellableProducts } = progress.counts;

  return (
    <Frame
      screen="products"
      title="Your first products"
      lead="Start with a ready-made shelf, or add your own: you can change everything later."
      flash={flash}
    >
      <Back to="delivery" />
      {products > 0 ? (
        <section className="o-card" data-products-count={products}>
          <p>
            Your store has {products} product{products === 1 ? '' : 's'} ({sellableProducts} ready to sell).
          </p>
          {sellableProducts > 0 ? (
            <a href="/start/policy" className="o-button w-primary" data-continue>
              Continue
            </a>
          ) : null}
        </section>
      ) : null}
      <form method="post" action="/start/save/products" className="o-card w-starter">
        <input type="hidden" name="action" value="starter" />
        <button type="submit" className="o-button w-primary w-full" data-starter>
          Add 8 starter {label} products
        </button>
        <p className="o-small o-muted">
          Real names, prices in KES, stock and a picture each. Edit or remove them in Products.
        </p>
      </form>
      <details className="w-section" open={products === 0 && progress.showAdvanced}>
        <summary>Or add a product yourself</summary>
        <form method="post" action="/start/save/products" className="o-form o-card o-form--inline" data-form="product">
          <input type="hidden" name="action" value="form" />
          <label className="o-wide">
            Product name
            <input name="title" required maxLength={200} placeholder="e.g. Samsung Galaxy A15 128GB" />
          </label>
          <label>
            Price (KES)
            <input name="priceKes" required inputMode="numeric" pattern="[0-9, ]{1,12}" placeholder="19999" />
          </label>
          <label>
            Stock
            <input name="stock" inputMode="numeric" pattern="[0-9]{1,6}" defaultValue="1" />
          </label>
          <label className="o-wide">
            Category
            <select name="categorySlug" defaultValue={progress.defaults.categories[0]?.slug ?? ''}>
              {progress.defaults.categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
              <option value="">None</option>
            </select>
          </label>
          <button type="submit" className="o-button">
            Add product
          </button>
          <button type="submit" name="more" value="1" className="o-button o-button--plain">
            Add and add another
          </button>
        </form>
      </details>
      <details className="w-section">
        <summary>Or upload a CSV file</summary>
        <form
          method="post"
          action="/start/save/products"
          encType="multipart/form-data"
          className="o-form o-card"
          data-form="csv"
        >
          <input type="hidden" name="action" value="csv" />
          <label>
            CSV file (one row per product or variant)
            <input type="file" name="file" accept=".csv,text/csv" required />
          </label>
          <p className="o-small o-muted">
            Columns: product_slug, title, sku, price_kes (required), category, stock, brand, description, option1_name,
            option1_value… Example:
          </p>
          <pre className="w-pre">{CSV_EXAMPLE}</pre>
          <button type="submit" className="o-button">
            Upload
          </button>
        </form>
      </details>
    </Frame>
  );
});
