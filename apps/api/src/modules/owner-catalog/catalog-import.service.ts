import { Injectable } from '@nestjs/common';
import { CatalogWriteKit } from './catalog-write-kit';
import type { CatalogImportReport } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { RequestContext } from '../../platform/request-context';
import { CatalogImportRepository } from './catalog-import.repository';
import { optionsOf, parseCatalogCsv, toCsv, type CsvRow } from './catalog-csv';
import { writePriceChange } from './price-change';

type Row = { line: number; row: CsvRow };

/**
 * Bulk import: rows that are good are applied, rows that are not are reported by line. Each row
 * runs inside its own savepoint and each product inside another, so a refused row or product
 * leaves nothing half-written while the rest of the file still goes in.
 */
@Injectable()
export class CatalogImportService {
  constructor(
    private readonly kit: CatalogWriteKit,
    private readonly importRepository: CatalogImportRepository,
  ) {}

  async import(ctx: RequestContext, csvText: string): Promise<CatalogImportReport> {
    const parsed = parseCatalogCsv(csvText);
    const report: CatalogImportReport = {
      productsCreated: 0,
      productsUpdated: 0,
      variantsCreated: 0,
      variantsUpdated: 0,
      rowsImported: 0,
      errors: [...parsed.errors],
    };
    const groups = new Map<string, Row[]>();
    const seenSkus = new Map<string, number>();
    for (const r of parsed.rows) {
      const firstLine = seenSkus.get(r.row.sku);
      if (firstLine !== undefined) {
        report.errors.push({
          line: r.line,
          sku: r.row.sku,
          errors: [`sku ${r.row.sku} already appears on line ${firstLine}`],
        });
        continue;
      }
      seenSkus.set(r.row.sku, r.line);
      groups.set(r.row.product_slug, [...(groups.get(r.row.product_slug) ?? []), r]);
    }
    const touched: string[] = [];
    const store = await this.kit.tenantDb.run(ctx, async (trx) => {
      for (const [slug, rows] of groups) {
        if (await this.applyProduct(trx, ctx, slug, rows, report)) touched.push(slug);
      }
      return (await this.kit.tenancy.findCurrent(trx))!.slug;
    });
    report.errors.sort((a, b) => a.line - b.line);
    if (touched.length) await this.kit.notifier.changed(ctx, store, touched);
    return report;
  }

  private async applyProduct(
    trx: TenantTransaction,
    ctx: RequestContext,
    slug: string,
    rows: Row[],
    report: CatalogImportReport,
  ): Promise<boolean> {
    const first = rows[0]!.row;
    const { names } = optionsOf(first);
    const fail = (r: Row, message: string) => report.errors.push({ line: r.line, sku: r.row.sku, errors: [message] });
    const categoryId = first.category ? await this.kit.repository.categoryId(trx, first.category) : null;
    if (first.category && !categoryId) {
      rows.forEach((r) => fail(r, `category "${first.category}" does not exist in your store`));
      return false;
    }
    // Counted apart and merged only if the product's savepoint is kept.
    const counts = { productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0, rowsImported: 0 };
    await this.importRepository.savepoint(trx, 'import_product');
    try {
      const existing = await this.kit.repository.productBySlug(trx, slug, true);
      let productId: string;
      if (existing) {
        if (existing.option_names.join('|') !== names.join('|')) {
          throw new Error(
            `product ${slug} has options [${existing.option_names.join(', ')}]; the file gives [${names.join(', ')}]`,
          );
        }
        await this.kit.repository.updateProduct(trx, existing.id, {
          title: first.title,
          brand: first.brand ?? null,
          description: first.description ?? existing.description,
          category_id: categoryId ?? null,
          status: first.status,
        });
        productId = existing.id;
        counts.productsUpdated++;
      } else {
        productId = await this.kit.repository.insertProduct(trx, {
          tenant_id: ctx.tenantId,
          slug,
          title: first.title,
          brand: first.brand ?? null,
          description: first.description ?? '',
          category_id: categoryId ?? null,
          status: first.status === 'archived' ? 'draft' : first.status,
          option_names: names,
        });
        counts.productsCreated++;
      }
      let applied = 0;
      for (const [position, r] of rows.entries()) {
        const options = optionsOf(r.row);
        if (options.names.join('|') !== names.join('|')) {
          fail(r, `all rows of ${slug} must use the option names [${names.join(', ')}]`);
          continue;
        }
        await this.importRepository.savepoint(trx, 'import_row');
        try {
          await this.applyVariant(trx, ctx, productId, position, r.row, options.values, counts);
          await this.importRepository.releaseSavepoint(trx, 'import_row');
          applied++;
          counts.rowsImported++;
        } catch (error) {
          await this.importRepository.rollbackToSavepoint(trx, 'import_row');
          fail(r, describe(error));
        }
      }
      if (applied === 0 && !existing) throw new Error('no valid variant rows for this product');
      await this.importRepository.releaseSavepoint(trx, 'import_product');
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) report[key] += counts[key];
      return applied > 0;
    } catch (error) {
      await this.importRepository.rollbackToSavepoint(trx, 'import_product');
      const message = describe(error);
      const already = new Set(report.errors.map((e) => e.line));
      rows.filter((r) => !already.has(r.line)).forEach((r) => fail(r, message));
      return false;
    }
  }

  private async applyVariant(
    trx: TenantTransaction,
    ctx: RequestContext,
    productId: string,
    position: number,
    row: CsvRow,
    options: Record<string, string>,
    report: { variantsCreated: number; variantsUpdated: number },
  ) {
    const existing = await this.kit.repository.variantBySkuForUpdate(trx, row.sku);
    if (existing) {
      if ((await this.importRepository.variantProductId(trx, existing.id)) !== productId)
        throw new Error(`sku ${row.sku} belongs to product ${existing.product_slug}`);
      await writePriceChange(trx, this.kit.repository, this.kit.audit, ctx, existing, {
        priceKes: row.price_kes,
        compareAtKes: row.compare_at_kes ?? null,
      });
      report.variantsUpdated++;
      return;
    }
    const variantId = await this.kit.repository.insertVariant(trx, {
      tenant_id: ctx.tenantId,
      product_id: productId,
      sku: row.sku,
      options,
      price_kes: row.price_kes,
      compare_at_kes: row.compare_at_kes ?? null,
      position,
    });
    if (row.stock)
      await this.kit.repository.insertMovement(trx, {
        tenant_id: ctx.tenantId,
        variant_id: variantId,
        kind: 'restock',
        quantity: row.stock,
        reason: 'CSV import opening stock',
      });
    report.variantsCreated++;
  }

  async export(ctx: RequestContext): Promise<string> {
    return this.kit.tenantDb.run(ctx, async (trx) => {
      const rows = await this.importRepository.exportRows(trx);
      return toCsv(
        rows.map((r) => {
          const [n1 = '', n2 = '', n3 = ''] = r.option_names;
          return {
            product_slug: r.slug,
            title: r.title,
            brand: r.brand,
            category: r.category,
            description: r.description,
            status: r.status,
            option1_name: n1,
            option1_value: n1 ? (r.options[n1] ?? '') : '',
            option2_name: n2,
            option2_value: n2 ? (r.options[n2] ?? '') : '',
            option3_name: n3,
            option3_value: n3 ? (r.options[n3] ?? '') : '',
            sku: r.sku,
            price_kes: r.price_kes,
            compare_at_kes: r.compare_at_kes,
            stock: r.on_hand,
          };
        }),
      );
    });
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505')
    return e.constraint?.includes('sku') ? 'sku already used by another product' : 'duplicate value';
  if (e.code === '23514') return `value out of range (${e.constraint})`;
  return e.message ?? 'could not be imported';
}
