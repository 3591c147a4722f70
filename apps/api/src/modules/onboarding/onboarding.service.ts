import { Injectable } from '@nestjs/common';
import {
  ONBOARDING_STEP_KEYS,
  type OnboardingStep,
  type OnboardingStepKey,
  type OnboardingView,
} from '@sokoni/contracts';
import { DEFAULT_DELIVERY_RULES, DEFAULT_ZONE_BANDS, type TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { CategoriesService } from '../owner-catalog/categories.service';
import { TenancyService, toStoreSummary } from '../tenancy/tenancy.service';
import { OnboardingRepository } from './onboarding.repository';
import { verticalDefaults, type Vertical } from './verticals';
import type { RequestContext } from '../../platform/request-context';

const STEP_KEYS = ONBOARDING_STEP_KEYS;
type StepKey = OnboardingStepKey;

const MISSING_MESSAGES: Record<Exclude<StepKey, 'publish'>, string> = {
  store: 'Name your store',
  category: 'Choose what you sell',
  contact: 'Add your WhatsApp number and where you are (location)',
  mpesa: 'Set up M-Pesa or choose to take payment by hand for now',
  delivery: 'Set your delivery areas and fees (accept the Nairobi defaults in one click)',
  products: 'Add at least one product that is active and in stock',
  policy: 'Write your return policy (or accept the suggested one)',
};

/**
 * The store creation wizard's steps for the signed-in owner: each step saved as the owner goes,
 * progress judged from the real state. Sign-up is StoreSignUpService, the starter shelf
 * StarterProductsService, publishing StorePublishService.
 */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly tenancy: TenancyService,
    private readonly categories: CategoriesService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
  ) {}

  async view(ctx: RequestContext): Promise<OnboardingView> {
    return this.tenantDb.run(ctx, (trx) => this.viewWithin(trx, ctx));
  }

  async saveContact(
    ctx: RequestContext,
    input: { whatsappNumber: string; location: string; tagline?: string },
  ): Promise<OnboardingView> {
    return this.tenantDb.run(ctx, async (trx) => {
      const before = await this.requireStoreWithin(trx, true);
      await this.tenancy.updateStoreWithin(trx, {
        whatsapp_number: input.whatsappNumber,
        location: input.location,
        ...(input.tagline !== undefined ? { tagline: input.tagline } : {}),
      });
      await this.audit.record(trx, ctx, {
        action: 'onboarding.contact_saved',
        entity: { type: 'tenant', id: ctx.tenantId },
        before: { whatsappNumber: before.whatsapp_number, location: before.location, tagline: before.tagline },
        after: {
          whatsappNumber: input.whatsappNumber,
          location: input.location,
          tagline: input.tagline ?? before.tagline,
        },
      });
      return this.viewWithin(trx, ctx);
    });
  }

  async savePolicy(ctx: RequestContext, returnPolicy: string): Promise<OnboardingView> {
    return this.tenantDb.run(ctx, async (trx) => {
      const before = await this.requireStoreWithin(trx, true);
      await this.tenancy.updateStoreWithin(trx, { return_policy: returnPolicy });
      await this.audit.record(trx, ctx, {
        action: 'onboarding.policy_saved',
        entity: { type: 'tenant', id: ctx.tenantId },
        before: { returnPolicy: before.return_policy },
        after: { returnPolicy },
      });
      return this.viewWithin(trx, ctx);
    });
  }

  /**
   * A change of category re-applies the new category's defaults, but only where the owner has
   * kept the old defaults: untouched, unused default categories are swapped, the tagline and the
   * return policy are replaced only if they are still the old suggestion word for word.
   */
  async changeCategory(ctx: RequestContext, vertical: Vertical) {
    return this.tenantDb.run(ctx, async (trx) => {
      const store = await this.requireStoreWithin(trx, true);
      const progress = await this.repository.ensureProgress(trx, ctx.tenantId, store.vertical);
      const from = progress.defaults_vertical;
      const oldDefaults = verticalDefaults(from);
      const newDefaults = verticalDefaults(vertical);
      const applied = {
        categoriesAdded: [] as string[],
        categoriesRemoved: [] as string[],
        tagline: false,
        returnPolicy: false,
      };
      if (from !== vertical || store.vertical !== vertical) {
        const current = await this.repository.categories(trx);
        const newSlugs = new Set(newDefaults.categories.map((c) => c.slug));
        const untouched = current.filter(
          (c) =>
            oldDefaults.categories.some((d) => d.slug === c.slug && d.name === c.name) &&
            Number(c.products) === 0 &&
            Number(c.children) === 0 &&
            !newSlugs.has(c.slug),
        );
        await this.categories.removeWithin(
          trx,
          untouched.map((c) => c.id),
        );
        applied.categoriesRemoved = untouched.map((c) => c.slug);
        const existing = new Set(current.map((c) => c.slug));
        const toAdd = newDefaults.categories.filter((c) => !existing.has(c.slug));
        const maxPosition = Math.max(
          -1,
          ...current.filter((c) => !applied.categoriesRemoved.includes(c.slug)).map((c) => c.position),
        );
        await this.categories.addWithin(trx, ctx, toAdd, maxPosition + 1);
        applied.categoriesAdded = toAdd.map((c) => c.slug);
        const changes: { vertical: Vertical; tagline?: string; return_policy?: string } = { vertical };
        if (store.tagline === '' || store.tagline === oldDefaults.tagline) {
          changes.tagline = newDefaults.tagline;
          applied.tagline = store.tagline !== newDefaults.tagline;
        }
        if (store.return_policy === oldDefaults.returnPolicy && store.return_policy !== newDefaults.returnPolicy) {
          changes.return_policy = newDefaults.returnPolicy;
          applied.returnPolicy = true;
        }
        await this.tenancy.updateStoreWithin(trx, changes);
        await this.repository.updateProgress(trx, { defaults_vertical: vertical });
      }
      await this.audit.record(trx, ctx, {
        action: 'onboarding.category_saved',
        entity: { type: 'tenant', id: ctx.tenantId },
        before: { vertical: store.vertical },
        after: { vertical, applied },
      });
      return { applied, onboarding: await this.viewWithin(trx, ctx) };
    });
  }

  async skipMpesa(ctx: RequestContext): Promise<OnboardingView> {
    return this.tenantDb.run(ctx, async (trx) => {
      const store = await this.requireStoreWithin(trx, true);
      const progress = await this.repository.ensureProgress(trx, ctx.tenantId, store.vertical);
      if (!progress.mpesa_skipped_at) {
        await this.repository.updateProgress(trx, { mpesa_skipped_at: new Date() });
        await this.audit.record(trx, ctx, {
          action: 'onboarding.mpesa_skipped',
          entity: { type: 'onboarding', id: ctx.tenantId },
          after: { step: 'mpesa', payBy: 'hand_or_whatsapp' },
        });
      }
      return this.viewWithin(trx, ctx);
    });
  }

  async setAdvanced(ctx: RequestContext, show: boolean): Promise<OnboardingView> {
    return this.tenantDb.run(ctx, async (trx) => {
      const store = await this.requireStoreWithin(trx, true);
      await this.repository.ensureProgress(trx, ctx.tenantId, store.vertical);
      await this.repository.updateProgress(trx, { show_advanced: show });
      return this.viewWithin(trx, ctx);
    });
  }

  /** The wizard's progress as the owner sees it, read in the caller's tenant transaction. */
  async viewWithin(trx: TenantTransaction, ctx: RequestContext): Promise<OnboardingView> {
    const store = await this.requireStoreWithin(trx, false);
    const progress = await this.repository.ensureProgress(trx, ctx.tenantId, store.vertical);
    const facts = await this.repository.facts(trx);
    const mpesaSkipped = !facts.mpesa && progress.mpesa_skipped_at !== null;
    const done: Record<StepKey, boolean> = {
      store: true,
      category: true,
      contact: store.whatsapp_number !== null && store.location.trim() !== '',
      mpesa: facts.mpesa || mpesaSkipped,
      delivery: facts.zones > 0,
      products: facts.sellable > 0,
      policy: store.return_policy.trim() !== '',
      publish: store.status === 'active',
    };
    const steps: OnboardingStep[] = STEP_KEYS.map((key) => ({
      key,
      done: done[key],
      required: key !== 'mpesa',
      ...(key === 'mpesa' ? { skipped: mpesaSkipped } : {}),
    }));
    const missing = steps
      .filter((s) => s.key !== 'publish' && !s.done && s.required)
      .map((s) => ({ step: s.key, message: MISSING_MESSAGES[s.key as Exclude<StepKey, 'publish'>] }));
    const defaults = verticalDefaults(store.vertical);
    return {
      store: { ...toStoreSummary(store), status: store.status },
      steps,
      next: steps.find((s) => !s.done)?.key ?? null,
      canPublish: store.status === 'draft' && missing.length === 0,
      missing,
      published: store.status === 'active',
      publishedAt: progress.published_at ? new Date(progress.published_at).toISOString() : null,
      showAdvanced: progress.show_advanced,
      counts: { products: facts.products, sellableProducts: facts.sellable, deliveryZones: facts.zones },
      defaults: {
        vertical: store.vertical,
        tagline: defaults.tagline,
        returnPolicy: defaults.returnPolicy,
        categories: defaults.categories,
        delivery: {
          rules: {
            freeDeliveryFromKes: DEFAULT_DELIVERY_RULES.freeDeliveryFromKes,
            pickupFeeKes: DEFAULT_DELIVERY_RULES.pickupFeeKes,
          },
          zones: DEFAULT_ZONE_BANDS.map((b) => ({
            slug: b.slug,
            name: b.name,
            feeKes: b.feeKes,
            etaHoursMin: b.etaHoursMin,
            etaHoursMax: b.etaHoursMax,
          })),
        },
      },
    };
  }

  /** The current store's row (locked FOR UPDATE when lock is true); 404 when it is gone. */
  async requireStoreWithin(trx: TenantTransaction, lock: boolean) {
    const store = await this.repository.store(trx, lock);
    if (!store) throw ApiError.notFound('store_not_found', 'Your store no longer exists');
    return store;
  }
}
