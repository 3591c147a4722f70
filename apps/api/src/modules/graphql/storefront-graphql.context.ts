import { storeSlugSchema } from '@sokoni/contracts';
import { parseInput } from '../../platform/validation';
import type { RequestContext } from '../../platform/request-context';
import type { RateLimiter } from '../auth/rate-limiter';
import type { CartService } from '../cart/cart.service';
import type { CatalogService } from '../catalog/catalog.service';
import type { SearchService } from '../catalog/search.service';
import type { CollectionsService } from '../collections/collections.service';
import type { CheckoutService } from '../orders/checkout.service';
import type { OrderPlacementService } from '../orders/order-placement.service';
import type { OrdersService } from '../orders/orders.service';
import type { TenancyService } from '../tenancy/tenancy.service';

export interface StorefrontServices {
  tenancy: TenancyService;
  catalog: CatalogService;
  search: SearchService;
  collections: CollectionsService;
  carts: CartService;
  checkout: CheckoutService;
  placement: OrderPlacementService;
  orders: OrdersService;
  limiter: RateLimiter;
}

/** The REST route's own limit for placing orders (orders.controller.ts: 30 a minute per address). */
const PLACE_ORDER_LIMIT = {
  name: 'graphql-place-order:ip',
  max: 30,
  windowSeconds: 60,
  message: 'Too many orders placed from your network. Try again in {wait}.',
};

/**
 * One GraphQL request: the shopper's RequestContext (built like the REST routes' @Ctx()), the
 * store from the path, resolved to its tenant once for all the request's fields.
 */
export class StorefrontGraphqlContext {
  private scoped: Promise<RequestContext> | null = null;

  constructor(
    readonly services: StorefrontServices,
    private readonly shopper: RequestContext,
    private readonly storeParam: unknown,
    private readonly headerCartToken: string | undefined,
    readonly ip: string,
  ) {}

  /** Runs a resolver for the store in the path (404 in the error's extensions when there is none). */
  async run<T>(fn: (ctx: RequestContext) => Promise<T>): Promise<T> {
    this.scoped ??= Promise.resolve().then(() =>
      this.services.tenancy.scope(this.shopper, parseInput(storeSlugSchema, this.storeParam, 'params')),
    );
    return fn(await this.scoped);
  }

  /** The cart token argument, else the x-cart-token header (as REST reads it). */
  cartToken(args: Record<string, unknown>): string | undefined {
    return typeof args.cartToken === 'string' && args.cartToken !== '' ? args.cartToken : this.headerCartToken;
  }

  async limitOrders(): Promise<void> {
    await this.services.limiter.hit(PLACE_ORDER_LIMIT, { subject: this.ip });
  }
}
