import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { displayName, multiLineText, singleLineText, storeSlugSchema, storeVerticalSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { kenyanMobile } from '../../platform/kenyan-mobile';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost, OwnerPut } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { OnboardingService } from './onboarding.service';
import { StarterProductsService } from './starter-products.service';
import { StorePublishService } from './store-publish.service';
import { StoreSignUpService } from './store-signup.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

/** Optional everywhere: "" from an empty form field means "not given". */
const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().toLowerCase().max(200).pipe(z.email('Enter a valid email address, or leave it empty')).optional(),
);

const slugQuery = z
  .object({
    name: displayName.trim().min(1).max(120).optional(),
    slug: storeSlugSchema.optional(),
  })
  .strict()
  .refine((q) => Boolean(q.name) !== Boolean(q.slug), { message: 'give exactly one of name or slug', path: ['name'] });

const signUpBody = z
  .object({
    storeName: displayName.trim().min(2, 'at least 2 characters').max(120),
    slug: storeSlugSchema.optional(),
    vertical: storeVerticalSchema,
    ownerName: displayName.trim().min(1).max(120),
    phone: kenyanMobile,
    email: optionalEmail,
    password: z.string().min(10, 'at least 10 characters').max(200),
  })
  .strict();

const contactBody = z
  .object({
    whatsappNumber: kenyanMobile,
    location: displayName.trim().min(2, 'say where you are, e.g. "Moi Avenue, CBD"').max(160),
    tagline: singleLineText.trim().max(160).optional(),
  })
  .strict();
const policyBody = z
  .object({
    returnPolicy: multiLineText
      .trim()
      .min(20, 'at least 20 characters: say what can be returned, when and how')
      .max(2000),
  })
  .strict();
const categoryBody = z.object({ vertical: storeVerticalSchema }).strict();
const starterBody = z.object({ vertical: storeVerticalSchema.optional() }).strict();
const advancedBody = z.object({ show: z.boolean() }).strict();

/** Public side of the store creation wizard: is this address free, and sign-up. */
@Controller('v1/onboarding')
export class OnboardingController {
  constructor(private readonly signUps: StoreSignUpService) {}

  @Get('slug')
  @RouteConfig({ rateLimit: { max: 60, timeWindow: 60_000 } })
  @ApiDoc({ query: slugQuery })
  async slug(@Query() query: unknown) {
    return this.signUps.checkSlug(parseInput(slugQuery, query, 'query'));
  }

  /** A new draft store and its owner; answers like an owner login, plus the store and progress. */
  @Post('stores')
  @HttpCode(201)
  @RouteConfig({ rateLimit: { max: 5, timeWindow: 60 * 60_000 } })
  @ApiDoc({ body: signUpBody })
  async signUp(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.signUps.signUp(ctx, parseInput(signUpBody, body ?? {}, 'body'));
  }
}

/** The wizard's steps for the signed-in owner (or admin). Store = the token's store. */
@Controller('v1/owner/onboarding')
@UseGuards(OwnerAuthGuard)
export class OwnerOnboardingController {
  constructor(
    private readonly onboarding: OnboardingService,
    private readonly starters: StarterProductsService,
    private readonly publishing: StorePublishService,
  ) {}

  @OwnerGet('', 'settings.write')
  async progress(@Ctx() ctx: RequestContext) {
    return this.onboarding.view(ctx);
  }

  @OwnerPut('contact', 'settings.write')
  @ApiDoc({ body: contactBody })
  async contact(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.onboarding.saveContact(ctx, parseInput(contactBody, body ?? {}, 'body'));
  }

  @OwnerPut('policy', 'settings.write')
  @ApiDoc({ body: policyBody })
  async policy(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.onboarding.savePolicy(ctx, parseInput(policyBody, body ?? {}, 'body').returnPolicy);
  }

  @OwnerPut('category', 'settings.write')
  @ApiDoc({ body: categoryBody })
  async category(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.onboarding.changeCategory(ctx, parseInput(categoryBody, body ?? {}, 'body').vertical);
  }

  @OwnerPost('mpesa/skip', 'settings.write', 200)
  async skipMpesa(@Ctx() ctx: RequestContext) {
    return this.onboarding.skipMpesa(ctx);
  }

  @OwnerPost('starter-products', 'settings.write', 201)
  @ApiDoc({ body: starterBody })
  async starterProducts(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.starters.addStarterProducts(ctx, parseInput(starterBody, body ?? {}, 'body').vertical);
  }

  @OwnerPut('advanced', 'settings.write')
  @ApiDoc({ body: advancedBody })
  async advanced(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.onboarding.setAdvanced(ctx, parseInput(advancedBody, body ?? {}, 'body').show);
  }

  @OwnerPost('publish', 'settings.write', 200)
  async publish(@Ctx() ctx: RequestContext) {
    return this.publishing.publish(ctx);
  }
}
