import { Body, Controller, Get, Param, UseGuards } from '@nestjs/common';
import { brandingInputSchema, businessDetailsInputSchema, storeLanguageInputSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerDelete, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { StoreSlug } from '../tenancy/store-slug.decorator';
import { TenancyService } from '../tenancy/tenancy.service';
import { BrandPicturesService } from './brand-pictures.service';
import { BrandingService } from './branding.service';
import { StoreHomeService } from './store-home.service';
import { StoreLanguageService } from './store-language.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const pictureParams = z.object({ kind: z.enum(['logo', 'hero']) });

/**
 * The owner's branding (look and home page) and business details. Reading is for everyone in the
 * store; changing needs settings.write (owners and admins; staff cannot).
 */
@Controller('v1/owner/settings')
@UseGuards(OwnerAuthGuard)
export class OwnerBrandingController {
  constructor(
    private readonly branding: BrandingService,
    private readonly pictures: BrandPicturesService,
    private readonly languages: StoreLanguageService,
  ) {}

  @OwnerGet('language', 'catalog.read')
  async language(@Ctx() ctx: RequestContext) {
    return this.languages.language(ctx);
  }

  /** The storefront's default language ('en' | 'sw'); shoppers can still switch (docs/i18n.md). */
  @OwnerPut('language', 'settings.write')
  @ApiDoc({ body: storeLanguageInputSchema })
  async setLanguage(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.languages.setLanguage(ctx, parseInput(storeLanguageInputSchema, body ?? {}, 'body'));
  }

  @OwnerGet('branding', 'catalog.read')
  async get(@Ctx() ctx: RequestContext) {
    return { branding: await this.branding.ownerView(ctx) };
  }

  @OwnerPut('branding', 'settings.write')
  @ApiDoc({ body: brandingInputSchema })
  async save(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return { branding: await this.branding.saveBranding(ctx, parseInput(brandingInputSchema, body ?? {}, 'body')) };
  }

  @OwnerPut('business', 'settings.write')
  @ApiDoc({ body: businessDetailsInputSchema })
  async saveBusiness(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const input = parseInput(businessDetailsInputSchema, body ?? {}, 'body');
    return { branding: await this.branding.saveBusiness(ctx, input) };
  }

  /** The picture is the raw request body (image/jpeg, png, webp or avif). */
  @OwnerPost('branding/:kind', 'settings.write', 201)
  @ApiDoc({ params: pictureParams })
  async upload(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { kind } = parseInput(pictureParams, params, 'params');
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new ApiError(
        415,
        'unsupported_media_type',
        `Send the ${kind} as the request body with an image/* content type`,
        {
          where: 'body',
          field: kind,
        },
      );
    return { branding: await this.pictures.upload(ctx, kind, body) };
  }

  @OwnerDelete('branding/:kind', 'settings.write')
  @ApiDoc({ params: pictureParams })
  async remove(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { kind } = parseInput(pictureParams, params, 'params');
    return { branding: await this.pictures.remove(ctx, kind) };
  }
}

/** Shopper side: the home page's hero and sections. */
@Controller('v1/stores/:store/home')
export class StoreHomeController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly home: StoreHomeService,
  ) {}

  @Get()
  async get(@Ctx() ctx: RequestContext, @StoreSlug() store: string) {
    return this.home.home(await this.tenancy.scope(ctx, store));
  }
}
