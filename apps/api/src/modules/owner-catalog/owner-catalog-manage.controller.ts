import { Body, Controller, Param, UseGuards } from '@nestjs/common';
import {
  ownerBulkArchiveSchema,
  ownerBulkPriceSchema,
  ownerBulkSaleSchema,
  ownerBulkStockSchema,
  ownerCategoryCreateSchema,
  ownerCategoryUpdateSchema,
  ownerImageAssignSchema,
  ownerMatrixCreateSchema,
  ownerMoveSchema,
  ownerOptionsAddSchema,
  productSlugSchema,
} from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import type { RequestContext } from '../../platform/request-context';
import { Ctx, OwnerDelete, OwnerGet, OwnerPatch, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OwnerBulkService } from './owner-bulk.service';
import { OwnerCategoriesService } from './owner-categories.service';
import { OwnerMatrixService } from './owner-matrix.service';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const categoryParams = z.object({ category: productSlugSchema });
const productParams = z.object({ product: productSlugSchema });
const imageParams = z.object({ product: productSlugSchema, image: z.string().uuid('not a photo id') });

/**
 * Catalog management (issue 12): categories (catalog.write), option matrices and variant photos
 * (catalog.write), bulk edits (prices and sales: prices.write, so never staff; stock:
 * inventory.write; archive: catalog.write).
 */
@Controller('v1/owner/catalog')
@UseGuards(OwnerAuthGuard)
export class OwnerCatalogManageController {
  constructor(
    private readonly categories: OwnerCategoriesService,
    private readonly matrix: OwnerMatrixService,
    private readonly bulkEdits: OwnerBulkService,
  ) {}

  @OwnerGet('categories/tree', 'catalog.read')
  async tree(@Ctx() ctx: RequestContext) {
    return this.categories.tree(ctx);
  }

  @OwnerPost('categories', 'catalog.write', 201)
  @ApiDoc({ body: ownerCategoryCreateSchema })
  async createCategory(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return { category: await this.categories.create(ctx, parseInput(ownerCategoryCreateSchema, body, 'body')) };
  }

  @OwnerPatch('categories/:category', 'catalog.write')
  @ApiDoc({ params: categoryParams, body: ownerCategoryUpdateSchema })
  async updateCategory(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { category } = parseInput(categoryParams, params, 'params');
    return {
      category: await this.categories.update(ctx, category, parseInput(ownerCategoryUpdateSchema, body, 'body')),
    };
  }

  @OwnerPost('categories/:category/move', 'catalog.write', 200)
  @ApiDoc({ params: categoryParams, body: ownerMoveSchema })
  async moveCategory(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { category } = parseInput(categoryParams, params, 'params');
    const { direction } = parseInput(ownerMoveSchema, body, 'body');
    return { category: await this.categories.move(ctx, category, direction) };
  }

  @OwnerDelete('categories/:category', 'catalog.write', 200)
  @ApiDoc({ params: categoryParams })
  async deleteCategory(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { category } = parseInput(categoryParams, params, 'params');
    return this.categories.remove(ctx, category);
  }

  @OwnerPost('products/matrix', 'catalog.write', 201)
  @ApiDoc({ body: ownerMatrixCreateSchema })
  async createMatrix(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return { product: await this.matrix.create(ctx, parseInput(ownerMatrixCreateSchema, body, 'body')) };
  }

  @OwnerPost('products/:product/options', 'catalog.write', 200)
  @ApiDoc({ params: productParams, body: ownerOptionsAddSchema })
  async addOptions(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    return this.matrix.addOptions(ctx, product, parseInput(ownerOptionsAddSchema, body, 'body'));
  }

  @OwnerGet('products/:product/images', 'catalog.read')
  @ApiDoc({ params: productParams })
  async images(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { product } = parseInput(productParams, params, 'params');
    return this.matrix.images(ctx, product);
  }

  @OwnerPost('products/:product/images/:image/variants', 'catalog.write', 200)
  @ApiDoc({ params: imageParams, body: ownerImageAssignSchema })
  async assignImage(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { product, image } = parseInput(imageParams, params, 'params');
    return this.matrix.assignImage(ctx, product, image, parseInput(ownerImageAssignSchema, body, 'body'));
  }

  @OwnerPost('bulk/price', 'prices.write', 200)
  @ApiDoc({ body: ownerBulkPriceSchema })
  async bulkPrice(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { products, percent } = parseInput(ownerBulkPriceSchema, body, 'body');
    return this.bulkEdits.price(ctx, products, percent);
  }

  @OwnerPost('bulk/stock', 'inventory.write', 200)
  @ApiDoc({ body: ownerBulkStockSchema })
  async bulkStock(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { products, onHand, reason } = parseInput(ownerBulkStockSchema, body, 'body');
    return this.bulkEdits.stock(ctx, products, onHand, reason);
  }

  @OwnerPost('bulk/sale', 'prices.write', 200)
  @ApiDoc({ body: ownerBulkSaleSchema })
  async bulkSale(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { products, percent, days } = parseInput(ownerBulkSaleSchema, body, 'body');
    return this.bulkEdits.sale(ctx, products, percent, days);
  }

  @OwnerPost('bulk/archive', 'catalog.write', 200)
  @ApiDoc({ body: ownerBulkArchiveSchema })
  async bulkArchive(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { products } = parseInput(ownerBulkArchiveSchema, body, 'body');
    return this.bulkEdits.archive(ctx, products);
  }
}
