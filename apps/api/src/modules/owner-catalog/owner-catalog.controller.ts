import { Body, Controller, Header, Param, Query, UseGuards } from '@nestjs/common';
import { ApiError } from '../../platform/api-error';
import { CatalogImportService } from './catalog-import.service';
import {
  ownerInventoryMovementSchema,
  ownerPriceChangeSchema,
  ownerPriceRuleSchema,
  ownerProductCreateSchema,
  ownerProductUpdateSchema,
  ownerVariantAddSchema,
  productSlugSchema,
} from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import type { RequestContext } from '../../platform/request-context';
import { Ctx, OwnerGet, OwnerPatch, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OwnerCatalogService } from './owner-catalog.service';
import { OwnerStockService } from './owner-stock.service';
import { OwnerVariantsService } from './owner-variants.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const productParams = z.object({ product: productSlugSchema });
const skuParams = z.object({
  sku: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/),
});
const listQuery = z.object({
  status: z.enum(['draft', 'active', 'archived']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: productSlugSchema.optional(),
});

/** The owner's catalog. Store = the token's store; permissions per the matrix in auth/permissions.ts. */
@Controller('v1/owner/catalog')
@UseGuards(OwnerAuthGuard)
export class OwnerCatalogController {
  constructor(
    private readonly catalog: OwnerCatalogService,
    private readonly variants: OwnerVariantsService,
    private readonly stock: OwnerStockService,
    private readonly csv: CatalogImportService,
  ) {}

  /** Bulk import (text/csv, one row per variant). Good rows go in; bad rows come back by line. */
  @OwnerPost('import', 'catalog.write', 200)
  async import(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    if (typeof body !== 'string') throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv');
    return this.csv.import(ctx, body);
  }

  @OwnerGet('export.csv', 'catalog.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="catalog.csv"')
  async export(@Ctx() ctx: RequestContext): Promise<string> {
    return this.csv.export(ctx);
  }

  /** Every category of the store, empty ones included (for the dashboard's product form). */
  @OwnerGet('categories', 'catalog.read')
  async categories(@Ctx() ctx: RequestContext) {
    return this.catalog.categories(ctx);
  }

  @OwnerGet('products', 'catalog.read')
  @ApiDoc({ query: listQuery })
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { status, limit, cursor } = parseInput(listQuery, query, 'query');
    return this.catalog.list(ctx, status, limit, cursor);
  }

  @OwnerGet('products/:product', 'catalog.read')
  @ApiDoc({ params: productParams })
  async get(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    return { product: await this.catalog.get(ctx, product) };
  }

  @OwnerPost('products', 'catalog.write', 201)
  @ApiDoc({ body: ownerProductCreateSchema })
  async create(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return { product: await this.catalog.create(ctx, parseInput(ownerProductCreateSchema, body, 'body')) };
  }

  @OwnerPatch('products/:product', 'catalog.write')
  @ApiDoc({ params: productParams, body: ownerProductUpdateSchema })
  async update(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    return {
      product: await this.catalog.update(ctx, product, parseInput(ownerProductUpdateSchema, body, 'body')),
    };
  }

  /** One more variant (a new colour or size) of an existing product; 201 with the whole product. */
  @OwnerPost('products/:product/variants', 'catalog.write', 201)
  @ApiDoc({ params: productParams, body: ownerVariantAddSchema })
  async addVariant(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    return {
      product: await this.variants.addVariant(ctx, product, parseInput(ownerVariantAddSchema, body, 'body')),
    };
  }

  @OwnerPost('products/:product/archive', 'catalog.write', 200)
  @ApiDoc({ params: productParams })
  async archive(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    return { product: await this.catalog.update(ctx, product, { status: 'archived' }) };
  }

  @OwnerPatch('variants/:sku/price', 'prices.write')
  @ApiDoc({ params: skuParams, body: ownerPriceChangeSchema })
  async changePrice(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { sku } = parseInput(skuParams, params, 'params');
    const { priceKes, compareAtKes } = parseInput(ownerPriceChangeSchema, body, 'body');
    return { variant: await this.variants.changePrice(ctx, sku, priceKes, compareAtKes) };
  }

  @OwnerPost('variants/:sku/inventory', 'inventory.write', 201)
  @ApiDoc({ params: skuParams, body: ownerInventoryMovementSchema })
  async moveStock(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { sku } = parseInput(skuParams, params, 'params');
    const { kind, quantity, reason } = parseInput(ownerInventoryMovementSchema, body, 'body');
    return { variant: await this.stock.moveStock(ctx, sku, kind, quantity, reason) };
  }

  @OwnerPost('variants/:sku/sales', 'prices.write', 201)
  @ApiDoc({ params: skuParams, body: ownerPriceRuleSchema })
  async scheduleSale(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { sku } = parseInput(skuParams, params, 'params');
    return { sale: await this.variants.scheduleSale(ctx, sku, parseInput(ownerPriceRuleSchema, body, 'body')) };
  }
}
