import { Inject, Injectable } from '@nestjs/common';
import {
  isValidMediaKey,
  tenantIdOfKey,
  type MediaObject,
  type MediaStorage,
  type TenantTransaction,
} from '@sokoni/db';
import type { Logger } from 'pino';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { MediaRepository, type MediaEntry, type MediaVariant, type NewProductImage } from './media.repository';

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');

/** Keys are not content-addressed (a product's picture can be replaced under the same key). */
export const MEDIA_CACHE_CONTROL = 'public, max-age=86400';

/** Lookups are cached briefly: a storefront page asks for dozens of images at once. */
const ENTRY_TTL_MS = 60_000;
const MISSING_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

export interface MediaRequest {
  key: string;
  /** Wanted display width in CSS px x DPR (next/image's loader `width`). */
  width?: number;
  accept?: string;
  ifNoneMatch?: string;
}

export type MediaResponse =
  { status: 200; object: MediaObject; variant: MediaVariant } | { status: 304; etag: string; variant: MediaVariant };

@Injectable()
export class MediaService {
  private readonly entries = new Map<string, { entry: MediaEntry | null; expires: number }>();

  constructor(
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly tenantDb: TenantDb,
    private readonly repository: MediaRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Records a product picture already put in storage (the wizard's starter pictures), in the
   * caller's tenant transaction.
   */
  async recordProductImageWithin(trx: TenantTransaction, image: NewProductImage): Promise<void> {
    await this.repository.insertProductImage(trx, image);
  }

  async serve(caller: RequestContext, request: MediaRequest): Promise<MediaResponse> {
    const entry = await this.lookup(caller, request.key);
    if (!entry) throw notFound();
    const wanted =
      request.width === undefined
        ? variantByKey(entry, request.key)
        : pickVariant(entry, request.width, request.accept);

    if (request.ifNoneMatch) {
      const head = await this.storage.head(wanted.storageKey);
      if (head && etagMatches(request.ifNoneMatch, head.etag)) return { status: 304, etag: head.etag, variant: wanted };
    }
    const object = await this.storage.get(wanted.storageKey);
    if (object) return { status: 200, object, variant: wanted };
    // A rendition row without its object (a failed upload, a partial copy): the original still serves.
    if (wanted !== entry.original) {
      this.logger.warn({ key: wanted.storageKey }, 'media rendition missing from storage; serving the original');
      const original = await this.storage.get(entry.original.storageKey);
      if (original) return { status: 200, object: original, variant: entry.original };
    }
    this.logger.warn({ key: entry.original.storageKey }, 'media row without its object in storage');
    throw notFound();
  }

  /** The key's tenant is its first segment; the lookup runs in that tenant's RLS context. */
  private async lookup(caller: RequestContext, key: string): Promise<MediaEntry | null> {
    if (!isValidMediaKey(key)) return null;
    const tenantId = tenantIdOfKey(key);
    if (!tenantId) return null;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expires > now) return cached.entry;
    const entry = await this.tenantDb.run(caller.withTenant({ tenantId }), (trx) =>
      this.repository.findByKey(trx, tenantId, key),
    );
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { entry, expires: now + (entry ? ENTRY_TTL_MS : MISSING_TTL_MS) });
    return entry;
  }
}

function notFound(): ApiError {
  return ApiError.notFound('not_found', 'No such media');
}

function variantByKey(entry: MediaEntry, key: string): MediaVariant {
  return key === entry.original.storageKey
    ? entry.original
    : (entry.renditions.find((r) => r.storageKey === key) ?? entry.original);
}

/** Formats the client takes, best first, from its Accept header (wildcards promise nothing). */
export function acceptedFormats(accept: string | undefined): Set<string> {
  const formats = new Set<string>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [type, ...params] = part
      .trim()
      .split(';')
      .map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) continue;
    if (type === 'image/avif') formats.add('avif');
    if (type === 'image/webp') formats.add('webp');
  }
  return formats;
}

/**
 * AVIF if the client takes it, else WebP, else the original. Within the format: the narrowest
 * variant at least as wide as asked, or the widest there is. The original counts as a variant of
 * its own format.
 */
export function pickVariant(entry: MediaEntry, width: number, accept: string | undefined): MediaVariant {
  const accepted = acceptedFormats(accept);
  const all: MediaVariant[] = [entry.original, ...entry.renditions];
  for (const format of ['avif', 'webp']) {
    if (!accepted.has(format)) continue;
    const candidates = all.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
    if (candidates.length === 0) continue;
    return candidates.find((v) => v.width >= width) ?? candidates[candidates.length - 1]!;
  }
  return entry.original;
}

/** If-None-Match: `*` or a list of (possibly weak) tags; compared weakly, as RFC 9110 says for GET. */
export function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}
