import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OnboardingView, SlugCheck } from '@sokoni/contracts';
import { hashPassword } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { AuditService } from '../audit/audit.service';
import { AuthService, type Session } from '../auth/auth.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { OnboardingRepository } from './onboarding.repository';
import { OnboardingService } from './onboarding.service';
import { StoreProvisioning } from './store-provisioning';
import { verticalDefaults, type Vertical } from './verticals';

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
  'www',
  'api',
  'app',
  'admin',
  'owner',
  'owners',
  'dashboard',
  'sokoni',
  'static',
  'assets',
  'media',
  'cdn',
  'img',
  'images',
  'mail',
  'email',
  'smtp',
  'help',
  'support',
  'status',
  'docs',
  'blog',
  'login',
  'logout',
  'signup',
  'sign-up',
  'register',
  'onboarding',
  'account',
  'accounts',
  'billing',
  'store',
  'stores',
  'shop',
  'shops',
  's',
  'areas',
  'v1',
  'v2',
  'localhost',
  'mpesa',
  'safaricom',
  'test',
  'demo',
  'sandbox',
  'metrics',
  'healthz',
  'readyz',
]);

/** "Mama Njeri's Shop!" -> "mama-njeris-shop". Empty when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
}

const validSlug = (slug: string) => slug.length >= 2 && SLUG.test(slug) && !slug.includes('--');

/**
 * The public start of the wizard: is this store address free, and sign-up (a draft store with
 * everything a store needs, its owner, and the owner's first session) in one transaction.
 */
@Injectable()
export class StoreSignUpService {
  constructor(
    private readonly repository: OnboardingRepository,
    private readonly provisioning: StoreProvisioning,
    private readonly wizard: OnboardingService,
    private readonly tenancy: TenancyService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly tenantDb: TenantDb,
  ) {}

  async checkSlug(query: { name?: string; slug?: string }): Promise<SlugCheck> {
    const slug = query.slug ?? slugify(query.name ?? '');
    if (!validSlug(slug)) {
      throw new ApiError(400, 'validation_failed', 'Use at least 2 letters or digits for the store name or address', {
        where: 'query',
        field: query.slug ? 'slug' : 'name',
      });
    }
    const reason = await this.unavailable(slug);
    return { slug, available: reason === null, reason, suggestions: reason ? await this.suggestions(slug) : [] };
  }

  async signUp(
    caller: RequestContext,
    input: SignUpInput,
  ): Promise<
    Session & { store: { slug: string; name: string; vertical: Vertical; status: 'draft' }; onboarding: OnboardingView }
  > {
    const slug = input.slug ?? slugify(input.storeName);
    if (!validSlug(slug)) {
      throw new ApiError(400, 'validation_failed', 'Choose a store address (slug) of at least 2 letters or digits', {
        where: 'body',
        field: 'slug',
      });
    }
    const reason = await this.unavailable(slug);
    if (reason) throw await this.slugTaken(slug, reason);

    const tenantId = randomUUID();
    const ctx = caller.withTenant({ tenantId, slug });
    const defaults = verticalDefaults(input.vertical);
    const passwordHash = await hashPassword(input.password);
    let ownerId: string;
    try {
      ownerId = await this.tenantDb.run(ctx, async (trx) => {
        const tenant = {
          id: tenantId,
          slug,
          name: input.storeName,
          vertical: input.vertical,
          tagline: defaults.tagline,
        };
        await this.tenancy.createDraftWithin(trx, tenant);
        const owner = await this.auth.createOwnerWithin(trx, {
          tenantId,
          name: input.ownerName,
          email: input.email ?? null,
          phone: input.phone,
          passwordHash,
        });
        await this.provisioning.provisionWithin(trx, ctx, input.vertical, defaults.categories);
        await this.audit.record(trx, ctx, {
          actor: { type: 'user', id: owner },
          action: 'tenant.created',
          entity: { type: 'tenant', id: tenantId },
          after: {
            ...tenant,
            status: 'draft',
            owner: { id: owner, name: input.ownerName, email: input.email ?? null, phone: input.phone },
          },
        });
        await this.audit.record(trx, ctx, {
          actor: { type: 'user', id: owner },
          action: 'onboarding.store_created',
          entity: { type: 'onboarding', id: tenantId },
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
    const session = await this.auth.issueSession(ctx, { id: ownerId, name: input.ownerName, role: 'owner' });
    return {
      ...session,
      store: { slug, name: input.storeName, vertical: input.vertical, status: 'draft' },
      onboarding: await this.wizard.view(ctx),
    };
  }

  private async unavailable(slug: string): Promise<'taken' | 'reserved' | null> {
    if (RESERVED_SLUGS.has(slug)) return 'reserved';
    return (await this.repository.takenSlugs([slug])).has(slug) ? 'taken' : null;
  }

  private async suggestions(slug: string): Promise<string[]> {
    const base = slug.slice(0, 50).replace(/-+$/, '');
    const candidates = [
      `${base}-ke`,
      `${base}-nairobi`,
      `${base}-shop`,
      `${base}-store`,
      `${base}-254`,
      `${base}-2`,
      `${base}-3`,
      `${base}-${randomBytes(2).toString('hex')}`,
    ].filter((c) => validSlug(c) && c.length <= 63 && !RESERVED_SLUGS.has(c));
    const taken = await this.repository.takenSlugs(candidates);
    return candidates.filter((c) => !taken.has(c)).slice(0, 3);
  }

  private async slugTaken(slug: string, reason: 'taken' | 'reserved') {
    const suggestions = await this.suggestions(slug);
    return new ApiError(
      409,
      'conflict',
      reason === 'reserved'
        ? `"${slug}" is reserved: choose another store address`
        : `The store address "${slug}" is already taken`,
      {
        reason: reason === 'reserved' ? 'slug_reserved' : 'slug_taken',
        field: 'slug',
        slug,
        suggestions,
      },
    );
  }
}
