import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and queued job carries from the request (or job) that caused it. */
export interface RequestContext {
  correlationId: string;
  tenantId?: string;
  /**
   * The request is to the owner area (/v1/owner/...): store resolution there also finds draft
   * stores (an owner logs in to finish setting a store up); shopper routes only see live ones.
   */
  ownerArea?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};

const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a caller's id only if it is safe to log and echo back; otherwise makes a new one. */
export function correlationIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}
