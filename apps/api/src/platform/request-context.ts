import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Role } from '@sokoni/contracts';

/** A store: its id (what RLS and keys use) and, when known, its slug (links, tokens, messages). */
export interface TenantRef {
  readonly tenantId: string;
  readonly slug: string;
}

/** The tenant a context works for: an owner token and a job envelope carry only the id. */
export interface TenantScope {
  readonly tenantId: string;
  readonly slug?: string;
}

/** Who is acting: written into audit rows and used by rules that depend on the caller. */
export type Actor =
  /** Anyone on the HTTP API without an owner token (shoppers, an owner before logging in). */
  | { readonly kind: 'shopper'; readonly ip: string }
  | { readonly kind: 'owner'; readonly userId: string; readonly role: Role }
  /** A job, sweeper or scheduled task of our own. */
  | { readonly kind: 'system'; readonly name: string }
  /** A provider calling us back (Daraja, WhatsApp, a delivery partner). */
  | { readonly kind: 'provider'; readonly name: string };

/** What an owner token proves (the same shape as OwnerPrincipal, without importing auth here). */
interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly role: Role;
}

/** How an HTTP request was made: to the owner area or not, and the sessions it names. */
interface HttpOptions {
  readonly ownerArea?: boolean;
  readonly sessions?: readonly string[];
}

/** The parts of a job's envelope a context is built from. */
interface EnvelopeJob {
  readonly id?: string;
  readonly name: string;
  readonly data?: { readonly tenantId: string | null; readonly correlationId: string } | null;
}

/**
 * One explicit request context, passed as the FIRST argument to every service method that works
 * for a tenant (as Vendure does with its RequestContext): who acts, for which store, under which
 * correlation id. Immutable: `withTenant` returns a new one. Rules read only this, never the
 * AsyncLocalStorage below (which exists for log lines and job stamping alone).
 */
export class RequestContext {
  private constructor(
    readonly correlationId: string,
    readonly actor: Actor,
    readonly tenant: TenantScope | undefined,
    /**
     * The request is to the owner area (/v1/owner/...): store resolution there also finds draft
     * stores (an owner logs in to finish setting a store up); shopper routes only see live ones.
     */
    readonly ownerArea: boolean,
    /**
     * Opaque keys of the sessions the HTTP request names (hashes of its owner token, shopper
     * session, cart token: platform/read-routing.ts): a session that just wrote reads from the
     * primary. Empty for jobs and providers.
     */
    readonly sessions: readonly string[] = [],
  ) {
    Object.freeze(this);
  }

  /** An HTTP caller without an owner token. */
  static forShopper(correlationId: string, ip: string, options: HttpOptions = {}): RequestContext {
    const { ownerArea = false, sessions } = options;
    return new RequestContext(correlationId, { kind: 'shopper', ip }, undefined, ownerArea, sessions);
  }

  /** An authenticated owner, admin or staff member: the token names the store. */
  static forOwner(principal: Principal, correlationId: string, options: HttpOptions = {}): RequestContext {
    return new RequestContext(
      correlationId,
      { kind: 'owner', userId: principal.userId, role: principal.role },
      { tenantId: principal.tenantId },
      options.ownerArea ?? true,
      options.sessions,
    );
  }

  /** A queued job: its envelope's correlation id and tenant (none for platform-wide jobs). */
  static forJob(job: EnvelopeJob): RequestContext {
    const tenantId = job.data?.tenantId ?? undefined;
    return new RequestContext(
      job.data?.correlationId ?? `job:${job.id ?? 'unknown'}`,
      { kind: 'system', name: job.name },
      tenantId ? { tenantId } : undefined,
      false,
    );
  }

  /** Our own code acting without a request (sweepers, boot tasks, tests). */
  static forSystem(name: string, tenant?: TenantScope, correlationId?: string): RequestContext {
    return new RequestContext(
      correlationId ?? requestContext.correlationId() ?? `system:${name}`,
      { kind: 'system', name },
      tenant,
      false,
    );
  }

  /** A provider calling us back (before the store it concerns is known, usually). */
  static forProvider(name: string, correlationId: string, tenant?: TenantScope): RequestContext {
    return new RequestContext(correlationId, { kind: 'provider', name }, tenant, false);
  }

  /** The same caller, now working for this store (shopper routes after resolving the slug). */
  withTenant(tenant: TenantScope): RequestContext {
    return new RequestContext(this.correlationId, this.actor, tenant, this.ownerArea, this.sessions);
  }

  /** The same caller as another actor (e.g. a job acting as the provider whose report it applies). */
  withActor(actor: Actor): RequestContext {
    return new RequestContext(this.correlationId, actor, this.tenant, this.ownerArea, this.sessions);
  }

  /** The store this context works for; a programming error (500) if none was set. */
  get tenantId(): string {
    if (!this.tenant)
      throw new Error(`RequestContext (${describe(this.actor)}): no tenant set; resolve the store first`);
    return this.tenant.tenantId;
  }

  /** The store's slug; a programming error if the context was built without one. */
  get tenantSlug(): string {
    const slug = this.tenant?.slug;
    if (!slug) throw new Error(`RequestContext (${describe(this.actor)}): the store's slug is not known here`);
    return slug;
  }

  /** The store as id + slug (slug required). */
  get tenantRef(): TenantRef {
    return { tenantId: this.tenantId, slug: this.tenantSlug };
  }

  /** The owner principal acting (for rules that need the user); a programming error otherwise. */
  get owner(): Principal {
    if (this.actor.kind !== 'owner') throw new Error(`RequestContext: ${describe(this.actor)} is not an owner`);
    return { userId: this.actor.userId, role: this.actor.role, tenantId: this.tenantId };
  }

  /** The HTTP caller's address, when this is an HTTP request without an owner token. */
  get ip(): string | undefined {
    return this.actor.kind === 'shopper' ? this.actor.ip : undefined;
  }
}

function describe(actor: Actor): string {
  switch (actor.kind) {
    case 'shopper':
      return 'shopper';
    case 'owner':
      return `owner ${actor.userId}`;
    case 'system':
    case 'provider':
      return `${actor.kind} ${actor.name}`;
  }
}

/**
 * What every log line and queued job carries from the request (or job) that caused it. Only
 * logging and enqueue stamping read this; rules take a RequestContext argument.
 */
export interface LogContext {
  correlationId: string;
  tenantId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export const requestContext = {
  run<T>(context: LogContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): LogContext | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  /** Log lines from here on carry this tenant (set when a tenant transaction opens). */
  noteTenant(tenantId: string): void {
    const context = storage.getStore();
    if (context) context.tenantId = tenantId;
  },
};

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a caller's id only if it is safe to log and echo back; otherwise makes a new one. */
export function correlationIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}
