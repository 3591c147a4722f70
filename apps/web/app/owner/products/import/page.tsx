import { ownerCategoryListSchema } from '@sokoni/contracts';
import { headers } from 'next/headers';
import { Shell } from '../../_components/shell';
import { formatNumber, plural } from '@/lib/owner-format';
import { ownerPage, param, type OwnerPageProps } from '@/lib/owner-page';
import { IMPORT_PATH, readImportResult, type ImportResult } from '@/lib/owner/product-import';
import { can } from '@/lib/owner-session';

/** The columns of the catalog CSV (apps/api/src/modules/owner-catalog/catalog-csv.ts), in words. */
const COLUMNS: { name: string; required?: boolean; text: string }[] = [
  {
    name: 'product_slug',
    required: true,
    text: 'the product’s web address, like airpods-pro (lowercase, digits, dashes). Rows with the same one are variants of one product.',
  },
  { name: 'title', required: true, text: 'the product’s name.' },
  {
    name: 'sku',
    required: true,
    text: 'your code for this variant, unique in the shop (letters, digits, dot, dash, underscore).',
  },
  { name: 'price_kes', required: true, text: 'whole shillings, no commas or “KES”: 1500.' },
  {
    name: 'stock',
    text: 'opening stock of a new SKU. The stock of SKUs you already have is not changed: use each product’s page.',
  },
  { name: 'compare_at_kes', text: 'a “was” price, above price_kes (optional).' },
  {
    name: 'option1_name, option1_value',
    text: 'e.g. Colour and Black (up to option3). Every row of a product uses the same option names.',
  },
  { name: 'category', text: 'a category’s short name (see below), or empty.' },
  { name: 'brand, description', text: 'optional.' },
  { name: 'status', text: 'active (in the shop, the default), draft (hidden) or archived.' },
];

const EXAMPLE = `product_slug,title,category,option1_name,option1_value,sku,price_kes,stock
airpods-pro,AirPods Pro,,Colour,White,AIRPODS-PRO-WHITE,24999,5
airpods-pro,AirPods Pro,,Colour,Black,AIRPODS-PRO-BLACK,24999,3`;

function Result({ result }: { result: ImportResult }) {
  const { report } = result;
  const bad = report.errors.length + result.moreErrors;
  return (
    <section className="o-card o-import-result" aria-labelledby="result-h" data-import-result>
      <h2 id="result-h">{result.fileName ? `“${result.fileName}”` : 'Your file'}</h2>
      <ul className="o-import-counts">
        <li data-count="productsCreated">
          <strong>{formatNumber(report.productsCreated)}</strong> new{' '}
          {report.productsCreated === 1 ? 'product' : 'products'}
        </li>
        <li data-count="productsUpdated">
          <strong>{formatNumber(report.productsUpdated)}</strong>{' '}
          {report.productsUpdated === 1 ? 'product' : 'products'} updated
        </li>
        <li data-count="variantsCreated">
          <strong>{formatNumber(report.variantsCreated)}</strong> new{' '}
          {report.variantsCreated === 1 ? 'variant' : 'variants'}
        </li>
        <li data-count="variantsUpdated">
          <strong>{formatNumber(report.variantsUpdated)}</strong>{' '}
          {report.variantsUpdated === 1 ? 'variant' : 'variants'} updated
        </li>
      </ul>
      {bad === 0 ? (
        <p className="o-flash o-flash--ok" data-import-clean>
          Every row went in ({plural(report.rowsImported, 'row')}).
        </p>
      ) : (
        <>
          <p className="o-flash o-flash--error" role="alert">
            {plural(report.rowsImported, 'row')} went in; {plural(bad, 'row')} did not. Fix {bad === 1 ? 'it' : 'them'}{' '}
            in your spreadsheet and import the file again: rows that went in are updated, not doubled.
          </p>
          <ul className="o-rows o-bad-rows" data-bad-rows>
            {report.errors.map((e, i) => (
              <li key={`${e.line}-${i}`} className="o-row" data-bad-line={e.line}>
                <span>
                  <strong>Line {e.line}</strong>
                  {e.sku ? <span className="o-muted"> · {e.sku}</span> : null}
                  <span className="o-block o-small">{e.errors.join('; ')}</span>
                </span>
              </li>
            ))}
          </ul>
          {result.moreErrors ? (
            <p className="o-muted o-small">…and {plural(result.moreErrors, 'more bad row')}.</p>
          ) : null}
        </>
      )}
    </section>
  );
}

/**
 * Import products from a spreadsheet saved as CSV: what the columns mean, the owner's own
 * catalog as a template, the upload, and the outcome (counts, and each refused row by line).
 */
export default async function ImportPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage(IMPORT_PATH, search);
  const result = readImportResult((await headers()).get('cookie'), param(search, 'r'));
  const back = { href: '/owner/products', label: 'Products' };
  if (!can.editCatalog(session.role)) {
    return (
      <Shell session={session} tab="products" title="Import products" flash={flash} back={back}>
        <p className="o-flash o-flash--error" role="alert" data-refused>
          Your role ({session.role}) cannot import products: ask the owner or an admin.
        </p>
      </Shell>
    );
  }
  const categories = await api.get('/v1/owner/catalog/categories', ownerCategoryListSchema);

  return (
    <Shell session={session} tab="products" title="Import products" flash={flash} back={back}>
      {result ? <Result result={result} /> : null}

      <form
        method="post"
        action={`${IMPORT_PATH}/upload`}
        encType="multipart/form-data"
        className="o-form o-card"
        data-import-form
      >
        <label>
          CSV file (up to 2 MB)
          <input type="file" name="file" accept=".csv,text/csv" required />
        </label>
        <button type="submit" className="o-button" data-import>
          Import
        </button>
        <p className="o-hint">
          In Excel or Google Sheets: File › Save as (or Download) › CSV. Good rows go in even when others are refused.
        </p>
      </form>

      <section aria-labelledby="tpl-h">
        <h2 id="tpl-h">Start from your catalog</h2>
        <p>
          <a href="/owner/products/export.csv" className="o-button o-button--plain" data-export>
            Download your products (CSV)
          </a>
        </p>
        <p className="o-muted o-small">
          It has every column, one row per variant. Change prices or add rows, save, and import it here.
        </p>
      </section>

      <section aria-labelledby="cols-h">
        <h2 id="cols-h">The columns</h2>
        <p className="o-small">The first row names the columns, in any order. One row per variant:</p>
        <dl className="o-columns">
          {COLUMNS.map((c) => (
            <div key={c.name}>
              <dt>
                <code>{c.name}</code>
                {c.required ? <span className="o-badge">required</span> : null}
              </dt>
              <dd>{c.text}</dd>
            </div>
          ))}
        </dl>
        <h3>Example</h3>
        <pre className="o-code">{EXAMPLE}</pre>
        {categories.ok && categories.data.categories.length ? (
          <>
            <h3>Your categories</h3>
            <ul className="o-small o-category-list">
              {categories.data.categories.map((c) => (
                <li key={c.slug}>
                  <code>{c.slug}</code> {c.name}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </Shell>
  );
}
