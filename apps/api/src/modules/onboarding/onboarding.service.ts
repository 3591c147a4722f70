import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ONBOARDING_STEP_KEYS, ownerProductCreateSchema, type OnboardingStep, type OnboardingStepKey, type OnboardingView, type SlugCheck } from '@sokoni/contracts';
import {
  DEFAULT_DELIVERY_RULES, DEFAULT_ZONE_BANDS, hashPassword, renditionKey, renderRenditionsCached,
  type MediaStorage, type TenantTransaction,
} from '@sokoni/db';
import { PRODUCT_IMAGE_SIZE, renderProductImage } from '@sokoni/db/dist/seed/images';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { AuthService, type Session } from '../auth/auth.service';
import type { OwnerPrincipal } from '../auth/owner-token.service';
import { MEDIA_STORAGE, MediaService } from '../media/media.service';
import { CategoriesService } from '../owner-catalog/categories.service';
import { OwnerCatalogService } from '../owner-catalog/owner-catalog.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { OnboardingRepository } from './onboarding.repository';
import { StoreProvisioning } from './store-provisioning';
import { starterProducts, verticalDefaults, type Vertical } from './verticals';

const STEP_KEYS = ONBOARDING_STEP_KEYS;
type StepKey = OnboardingStepKey;

export interface SignUpInput {
  storeName: string;
  slug?: string;
  vertical: Vertical;
  ownerName: string;
  phone: string;
  email?: string;
  password: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Names a store may not take: platform hosts and paths people would confuse with ours. */
const RESERVED_SLUGS = new Set([
  'www', 'api', 'app', 'admin', 'owner', 'owners', 'dashboard', 'sokoni', 'static', 'assets', 'media', 'cdn', 'img', 'images',
  'mail', 'email', 'smtp', 'help', 'support', 'status', 'docs', 'blog', 'login', 'logout', 'signup', 'sign-up', 'register',
  'onboarding', 'account', 'accounts', 'billing', 'store', 'stores', 'shop', 'shops', 's', 'areas', 'v1', 'v2', 'localhost',
  'mpesa', 'safaricom', 'test', 'demo', 'sandbox', 'metrics', 'healthz', 'readyz',
]);
const MISSING_MESSAGES: Record<Exclude<StepKey, 'publish'>, string> = {
  store: 'Name your store',
  category: 'Choose what you sell',
  contact: 'Add your WhatsApp number and where you are (location)',
  mpesa: 'Set up M-Pesa or choose to take payment by hand for now',
  delivery: 'Set your delivery areas and fees (accept the Nairobi defaults in one click)',
  products: 'Add at least one product that is active and in stock',
  policy: 'Write your return policy (or accept the suggested one)',
};

/** "Mama Njeri's Shop!" -> "mama-njeris-shop". Empty when nothing usable is left. */
export function slugify(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’`]/g, '')
    .replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/g, '');
}

const validSlug = (slug: string) => slug.length >= 2 && SLUG.test(slug) && !slug.includes('--');

/**
 * The store creation wizard: sign-up (a draft store with everything a store needs), each step
 * saved as the owner goes, progress judged from the real state, and publish (draft -> active)
 * once a shopper could actually buy something.
 */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly tenancy: TenancyService,
    private readonly catalog: OwnerCatalogService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
    private readonly auth: AuthService,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly provisioning: StoreProvisioning,
    private readonly categories: CategoriesService,
    private readonly media: MediaService,
  ) {}

  // ------------------------------------------------------------------------------------------
  // Public: slug check and sign-up

  async checkSlug(query: { name?: string; slug?: string }): Promise<SlugCheck> {
    const slug = query.slug ?? slugify(query.name ?? '');
    if (!validSlug(slug)) {
      throw new ApiError(400, 'validation_failed', 'Use at least 2 letters or digits for the store name or address', { where: 'query', field: query.slug ? 'slug' : 'name' });
    }
    const reason = await this.unavailable(slug);
    return { slug, available: reason === null, reason, suggestions: reason ? await this.suggestions(slug) : [] };
  }

  async signUp(input: SignUpInput): Promise<Session & { store: { slug: string; name: string; vertical: Vertical; status: 'draft' }; onboarding: OnboardingView }> {
    const slug = input.slug ?? slugify(input.storeName);
    if (!validSlug(slug)) {
      throw new ApiError(400, 'validation_failed', 'Choose a store address (slug) of at least 2 letters or digits', { where: 'body', field: 'slug' });
    }
    const reason = await this.unavailable(slug);
    if (reason) throw await this.slugTaken(slug, reason);

    const tenantId = randomUUID();
    const defaults = verticalDefaults(input.vertical);
    const passwordHash = await hashPassword(input.password);
    let ownerId: string;
    try {
      ownerId = await this.tenantDb.run(tenantId, async (trx) => {
        const tenant = { id: tenantId, slug, name: input.storeName, vertical: input.vertical, tagline: defaults.tagline };
        await this.tenancy.createDraftWithin(trx, tenant);
        const owner = await this.auth.createOwnerWithin(trx, {
          tenantId, name: input.ownerName, email: input.email ?? null, phone: input.phone, passwordHash,
        });
        await this.provisioning.provisionWithin(trx, tenantId, input.vertical, defaults.categories);
        await this.audit.record(trx, tenantId, {
          actor: { type: 'user', id: owner }, action: 'tenant.created', entity: { type: 'tenant', id: tenantId },
          after: { ...tenant, status: 'draft', owner: { id: owner, name: input.ownerName, email: input.email ?? null, phone: input.phone } },
        });
        await this.audit.record(trx, tenantId, {
          actor: { type: 'user', id: owner }, action: 'onboarding.store_created', entity: { type: 'onboarding', id: tenantId },
          after: { step: 'store', slug, vertical: input.vertical, categories: defaults.categories.map((c) => c.slug) },
        });
        return owner;
      });
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'tenants_slug_key') throw await this.slugTaken(slug, 'taken');
      throw error;
    }
    // A lookup made while the name was free may be cached as "no such store".
    await this.tenancy.forget(slug);
    // The same session an owner login gives (access token + rotating refresh token), issued by
    // the auth module: the password was set a moment ago, there is nothing to check again.
    const session = await this.auth.issueSession(tenantId, { id: ownerId, name: input.ownerName, role: 'owner' });
    return { ...session, store: { slug, name: input.storeName, vertical: input.vertical, status: 'draft' }, onboarding: await this.view(tenantId) };
  }

  // ------------------------------------------------------------------------------------------
  // Owner: progress and steps

  async view(tenantId: string): Promise<OnboardingView> {
    return this.tenantDb.run(tenantId, (trx) => this.viewWithin(trx, tenantId));
  }

  async saveContact(principal: OwnerPrincipal, input: { whatsappNumber: string; location: string; tagline?: string }): Promise<OnboardingView> {
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const before = await this.requireStore(trx, true);
      await this.tenancy.updateStoreWithin(trx, {
        whatsapp_number: input.whatsappNumber, location: input.location, ...(input.tagline !== undefined ? { tagline: input.tagline } : {}),
      });
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'onboarding.contact_saved', entity: { type: 'tenant', id: principal.tenantId },
        before: { whatsappNumber: before.whatsapp_number, location: before.location, tagline: before.tagline },
        after: { whatsappNumber: input.whatsappNumber, location: input.location, tagline: input.tagline ?? before.tagline },
      });
      return this.viewWithin(trx, principal.tenantId);
    });
  }

  async savePolicy(principal: OwnerPrincipal, returnPolicy: string): Promise<OnboardingView> {
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const before = await this.requireStore(trx, true);
      await this.tenancy.updateStoreWithin(trx, { return_policy: returnPolicy });
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'onboarding.policy_saved', entity: { type: 'tenant', id: principal.tenantId },
        before: { returnPolicy: before.return_policy }, after: { returnPolicy },
      });
      return this.viewWithin(trx, principal.tenantId);
    });
  }

  /**
   * A change of category re-applies the new category's defaults, but only where the owner has
   * kept the old defaults: untouched, unused default categories are swapped, the tagline and the
   * return policy are replaced only if they are still the old suggestion word for word.
   */
  async changeCategory(principal: OwnerPrincipal, vertical: Vertical) {
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const store = await this.requireStore(trx, true);
      const progress = await this.repository.ensureProgress(trx, principal.tenantId, store.vertical);
      const from = progress.defaults_vertical;
      const oldDefaults = verticalDefaults(from);
      const newDefaults = verticalDefaults(vertical);
      const applied = { categoriesAdded: [] as string[], categoriesRemoved: [] as string[], tagline: false, returnPolicy: false };
      if (from !== vertical || store.vertical !== vertical) {
        const current = await this.repository.categories(trx);
        const newSlugs = new Set(newDefaults.categories.map((c) => c.slug));
        const untouched = current.filter((c) => oldDefaults.categories.some((d) => d.slug === c.slug && d.name === c.name)
          && Number(c.products) === 0 && Number(c.children) === 0 && !newSlugs.has(c.slug));
        await this.categories.removeWithin(trx, untouched.map((c) => c.id));
        applied.categoriesRemoved = untouched.map((c) => c.slug);
        const existing = new Set(current.map((c) => c.slug));
        const toAdd = newDefaults.categories.filter((c) => !existing.has(c.slug));
        const maxPosition = Math.max(-1, ...current.filter((c) => !applied.categoriesRemoved.includes(c.slug)).map((c) => c.position));
        await this.categories.addWithin(trx, principal.tenantId, toAdd, maxPosition + 1);
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
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'onboarding.category_saved', entity: { type: 'tenant', id: principal.tenantId },
        before: { vertical: store.vertical }, after: { vertical, applied },
      });
      return { applied, onboarding: await this.viewWithin(trx, principal.tenantId) };
    });
  }

  async skipMpesa(principal: OwnerPrincipal): Promise<OnboardingView> {
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const store = await this.requireStore(trx, true);
      const progress = await this.repository.ensureProgress(trx, principal.tenantId, store.vertical);
      if (!progress.mpesa_skipped_at) {
        await this.repository.updateProgress(trx, { mpesa_skipped_at: new Date() });
        await this.audit.record(trx, principal.tenantId, {
          actor: { type: 'user', id: principal.userId }, action: 'onboarding.mpesa_skipped', entity: { type: 'onboarding', id: principal.tenantId },
          after: { step: 'mpesa', payBy: 'hand_or_whatsapp' },
        });
      }
      return this.viewWithin(trx, principal.tenantId);
    });
  }

  async setAdvanced(principal: OwnerPrincipal, show: boolean): Promise<OnboardingView> {
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      const store = await this.requireStore(trx, true);
      await this.repository.ensureProgress(trx, principal.tenantId, store.vertical);
      await this.repository.updateProgress(trx, { show_advanced: show });
      return this.viewWithin(trx, principal.tenantId);
    });
  }

  /**
   * A starter shelf: 8 realistic products of the category (KES prices, stock, a drawn picture
   * each) through the owner catalog service, so they are audited and searchable like any
   * other product. Products already there (same slug) are left alone; a second call adds none.
   */
  async addStarterProducts(principal: OwnerPrincipal, requested: Vertical | undefined) {
    const { vertical, existing } = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const store = await this.requireStore(trx, false);
      const v = requested ?? store.vertical;
      const starters = starterProducts(v);
      // Their categories, even when the store sells something else too (the owner asked).
      const used = new Set(starters.map((s) => s.input.categorySlug));
      const current = await this.repository.categories(trx);
      const missing = verticalDefaults(v).categories.filter((c) => used.has(c.slug) && !current.some((k) => k.slug === c.slug));
      await this.categories.addWithin(trx, principal.tenantId, missing, Math.max(-1, ...current.map((c) => c.position)) + 1);
      return { vertical: v, existing: await this.repository.productSlugs(trx, starters.map((s) => s.input.slug!)) };
    });
    const added: { slug: string; title: string; variants: number; image: boolean }[] = [];
    const skipped: { slug: string; reason: string }[] = [];
    for (const starter of starterProducts(vertical)) {
      const slug = starter.input.slug!;
      if (existing.has(slug)) {
        skipped.push({ slug, reason: 'already in your store' });
        continue;
      }
      try {
        const product = await this.catalog.create(principal, ownerProductCreateSchema.parse(starter.input));
        added.push({ slug: product.slug, title: product.title, variants: starter.input.variants.length, image: false });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        skipped.push({ slug, reason: error.message });
      }
    }
    // Pictures after the products: a failed drawing costs the picture, never the product.
    await Promise.all(added.map(async (a) => {
      const starter = starterProducts(vertical).find((s) => s.input.slug === a.slug)!;
      try {
        a.image = await this.addPicture(principal.tenantId, a.slug, a.title, starter.image);
      } catch (error) {
        this.logger.warn({ err: error, tenant_id: principal.tenantId, product: a.slug }, 'starter product picture failed; product kept without one');
      }
    }));
    return this.tenantDb.run(principal.tenantId, async (trx) => {
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'onboarding.starter_products_added', entity: { type: 'onboarding', id: principal.tenantId },
        after: { step: 'products', vertical, added: added.map((a) => a.slug), skipped: skipped.map((s) => s.slug) },
      });
      return { vertical, added, skipped, onboarding: await this.viewWithin(trx, principal.tenantId) };
    });
  }

  /** Draft -> active, once contact, delivery, a sellable product and a return policy are there. */
  async publish(principal: OwnerPrincipal) {
    const result = await this.tenantDb.run(principal.tenantId, async (trx) => {
      const store = await this.requireStore(trx, true);
      if (store.status === 'suspended') throw new ApiError(409, 'conflict', 'This store is suspended: contact Sokoni support', { reason: 'suspended' });
      if (store.status === 'active') return { slug: store.slug, alreadyPublished: true, onboarding: await this.viewWithin(trx, principal.tenantId) };
      const view = await this.viewWithin(trx, principal.tenantId);
      if (view.missing.length) {
        throw new ApiError(409, 'conflict', `Not ready to publish yet: ${view.missing.map((m) => m.message.charAt(0).toLowerCase() + m.message.slice(1)).join('; ')}`, { reason: 'not_ready', missing: view.missing });
      }
      await this.repository.ensureProgress(trx, principal.tenantId, store.vertical);
      await this.tenancy.updateStoreWithin(trx, { status: 'active' });
      await this.repository.updateProgress(trx, { published_at: new Date() });
      await this.audit.record(trx, principal.tenantId, {
        actor: { type: 'user', id: principal.userId }, action: 'tenant.published', entity: { type: 'tenant', id: principal.tenantId },
        before: { status: 'draft' }, after: { status: 'active', counts: view.counts, mpesa: view.steps.find((s) => s.key === 'mpesa')?.skipped ? 'skipped' : 'configured' },
      });
      return { slug: store.slug, alreadyPublished: false, onboarding: await this.viewWithin(trx, principal.tenantId) };
    });
    // "No such store" may be cached from while it was a draft.
    await this.tenancy.forget(result.slug);
    return { store: { slug: result.slug, status: 'active' as const }, alreadyPublished: result.alreadyPublished, onboarding: result.onboarding };
  }

  // ------------------------------------------------------------------------------------------

  private async viewWithin(trx: TenantTransaction, tenantId: string): Promise<OnboardingView> {
    const store = await this.requireStore(trx, false);
    const progress = await this.repository.ensureProgress(trx, tenantId, store.vertical);
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
      key, done: done[key], required: key !== 'mpesa', ...(key === 'mpesa' ? { skipped: mpesaSkipped } : {}),
    }));
    const missing = steps.filter((s) => s.key !== 'publish' && !s.done && (s.required))
      .map((s) => ({ step: s.key, message: MISSING_MESSAGES[s.key as Exclude<StepKey, 'publish'>] }));
    const defaults = verticalDefaults(store.vertical);
    return {
      store: {
        slug: store.slug, name: store.name, vertical: store.vertical, status: store.status, tagline: store.tagline, location: store.location,
        whatsappNumber: store.whatsapp_number, returnPolicy: store.return_policy,
        mpesa: store.mpesa_kind && store.mpesa_shortcode ? { kind: store.mpesa_kind, shortcode: store.mpesa_shortcode } : null,
      },
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
          rules: { freeDeliveryFromKes: DEFAULT_DELIVERY_RULES.freeDeliveryFromKes, pickupFeeKes: DEFAULT_DELIVERY_RULES.pickupFeeKes },
          zones: DEFAULT_ZONE_BANDS.map((b) => ({ slug: b.slug, name: b.name, feeKes: b.feeKes, etaHoursMin: b.etaHoursMin, etaHoursMax: b.etaHoursMax })),
        },
      },
    };
  }

  private async requireStore(trx: TenantTransaction, lock: boolean) {
    const store = await this.repository.store(trx, lock);
    if (!store) throw ApiError.notFound('store_not_found', 'Your store no longer exists');
    return store;
  }

  /** The generated picture (as the demo seed draws them) with its renditions, into media storage. */
  private async addPicture(tenantId: string, slug: string, title: string, image: { motif: Parameters<typeof renderProductImage>[0]; background: string; accent: string }): Promise<boolean> {
    const bytes = await renderProductImage(image.motif, image.background, image.accent);
    const renditions = await renderRenditionsCached(bytes);
    const key = `${tenantId}/products/${slug}.webp`;
    // Storage first: a row never points at an object that is not there.
    await this.storage.put(key, bytes, 'image/webp');
    await Promise.all(renditions.map((r) => this.storage.put(renditionKey(key, r.width, r.format), r.bytes, `image/${r.format}`)));
    return this.tenantDb.run(tenantId, async (trx) => {
      const productId = await this.repository.productIdBySlug(trx, slug);
      if (!productId || await this.repository.hasMedia(trx, productId)) return false;
      await this.media.recordProductImageWithin(trx, {
        media: { tenant_id: tenantId, product_id: productId, storage_key: key, width: PRODUCT_IMAGE_SIZE, height: PRODUCT_IMAGE_SIZE, bytes: bytes.length, alt: title },
        renditions: renditions.map((r) => ({ format: r.format, width: r.width, height: r.height, storage_key: renditionKey(key, r.width, r.format), bytes: r.bytes.length })),
      });
      return true;
    });
  }

  private async unavailable(slug: string): Promise<'taken' | 'reserved' | null> {
    if (RESERVED_SLUGS.has(slug)) return 'reserved';
    return (await this.repository.takenSlugs([slug])).has(slug) ? 'taken' : null;
  }

  private async suggestions(slug: string): Promise<string[]> {
    const base = slug.slice(0, 50).replace(/-+$/, '');
    const candidates = [`${base}-ke`, `${base}-nairobi`, `${base}-shop`, `${base}-store`, `${base}-254`, `${base}-2`, `${base}-3`, `${base}-${randomBytes(2).toString('hex')}`]
      .filter((c) => validSlug(c) && c.length <= 63 && !RESERVED_SLUGS.has(c));
    const taken = await this.repository.takenSlugs(candidates);
    return candidates.filter((c) => !taken.has(c)).slice(0, 3);
  }

  private async slugTaken(slug: string, reason: 'taken' | 'reserved') {
    const suggestions = await this.suggestions(slug);
    return new ApiError(409, 'conflict', reason === 'reserved' ? `"${slug}" is reserved: choose another store address` : `The store address "${slug}" is already taken`, {
      reason: reason === 'reserved' ? 'slug_reserved' : 'slug_taken', field: 'slug', slug, suggestions,
    });
  }
}
