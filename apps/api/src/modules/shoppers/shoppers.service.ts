import { Injectable } from '@nestjs/common';
import {
  MAX_SAVED_PLACES,
  type Cart,
  type Order,
  type Reorder,
  type SavedPlaces,
  type ShopperOrders,
  type ShopperSessionsRevoked,
} from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CartService } from '../cart/cart.service';
import { OrdersService } from '../orders/orders.service';
import { assertSessionLive, SESSION_DAYS, type ShopperSession } from './shopper-session';
import { ShoppersRepository, type SavedAddress } from './shoppers.repository';
import type { RequestContext } from '../../platform/request-context';

const MAX_ORDERS = 50;
export const MAX_ADDRESSES = MAX_SAVED_PLACES;

const placesOf = (rows: { area_slug: string; area_name: string; landmark: string; label: string }[]) => ({
  addresses: rows.map((r) => ({ areaSlug: r.area_slug, areaName: r.area_name, landmark: r.landmark, label: r.label })),
  max: MAX_ADDRESSES,
});

/**
 * What a signed-in shopper does with their session (ShopperSignInService proves the phone):
 * sees their orders at this store, reorders, keeps a few saved places, and "Sign out on all
 * phones", which ends every session of that phone at that store before its 30 days
 * (shopper_accounts.sessions_valid_after).
 */
@Injectable()
export class ShoppersService {
  constructor(
    private readonly repository: ShoppersRepository,
    private readonly orders: OrdersService,
    private readonly carts: CartService,
    private readonly tenantDb: TenantDb,
  ) {}

  /**
   * Runs `work` as the session's phone, in the one tenant transaction the request needs anyway,
   * whose first statement checks that the token was not issued before the phone's "sign out on
   * all phones" (a primary-key read on the connection already held: no extra transaction, and
   * no cache that could lag behind a revoke). 401 session_revoked otherwise.
   */
  private asShopper<T>(
    ctx: RequestContext,
    session: ShopperSession,
    work: (trx: TenantTransaction, phone: string) => Promise<T>,
  ): Promise<T> {
    return this.tenantDb.run(ctx, async (trx) => {
      await assertSessionLive(trx, session);
      return work(trx, session.phone);
    });
  }

  /**
   * "Sign out on all phones": every session of the caller's phone at this store issued until
   * now stops working, the caller's own included; the phone's sessions at other stores and other
   * phones' sessions are untouched. Signing in again afterwards works at once.
   */
  async revokeAllSessions(ctx: RequestContext, session: ShopperSession): Promise<ShopperSessionsRevoked> {
    await this.asShopper(ctx, session, (trx, phone) => this.repository.revokeSessions(trx, ctx.tenantId, phone));
    return { revoked: true };
  }

  /** "My orders": this phone's orders at this store, newest first, with items and timeline. */
  async myOrders(ctx: RequestContext, session: ShopperSession): Promise<ShopperOrders> {
    return this.asShopper(ctx, session, async (trx, phone) => {
      const ids = await this.repository.orderIdsOf(trx, phone, MAX_ORDERS);
      const orders: Order[] = [];
      for (const id of ids) orders.push(await this.orders.getWithin(trx, id));
      return { phone, orders };
    });
  }

  /**
   * Puts an earlier order's items back in the cart, as many of each as can be sold now (prices
   * are today's; the cart says so). What cannot be added is listed with the reason.
   */
  async reorder(
    ctx: RequestContext,
    session: ShopperSession,
    orderId: string,
    cartToken: string | undefined,
  ): Promise<Reorder> {
    const order = await this.asShopper(ctx, session, async (trx, phone) =>
      (await this.repository.orderOf(trx, phone, orderId)) ? this.orders.getWithin(trx, orderId) : null,
    );
    if (!order) throw ApiError.notFound('not_found', 'No such order among yours at this store');
    let token = cartToken;
    let cart = null as Cart | null;
    const added: { sku: string; quantity: number }[] = [];
    const skipped: {
      sku: string;
      title: string;
      reason: 'unavailable' | 'out_of_stock' | 'cart_full';
      message: string;
    }[] = [];
    for (const item of order.items) {
      const inCart = () => cart?.lines.find((l) => l.sku === item.sku)?.quantity ?? 0;
      const tryAdd = async (quantity: number): Promise<ApiError | null> => {
        try {
          cart = await this.carts.add(ctx, token, item.sku, quantity);
          token = cart.token;
          added.push({ sku: item.sku, quantity });
          return null;
        } catch (error) {
          if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return error;
          throw error;
        }
      };
      let failure = await tryAdd(item.quantity);
      if (failure?.status === 409) {
        // Fewer in stock than last time, or the cart already holds some: add what still fits.
        const details = (failure.details ?? {}) as { available?: number; max?: number };
        const room =
          details.available !== undefined
            ? details.available - inCart()
            : details.max !== undefined
              ? details.max - inCart()
              : 0;
        if (room > 0) failure = await tryAdd(Math.min(item.quantity, room));
      }
      if (!failure) continue;
      const details = (failure.details ?? {}) as { reason?: string };
      if (failure.status === 404)
        skipped.push({
          sku: item.sku,
          title: item.title,
          reason: 'unavailable',
          message: `${item.title} is no longer sold here`,
        });
      else if (details.reason === 'insufficient_stock')
        skipped.push({
          sku: item.sku,
          title: item.title,
          reason: 'out_of_stock',
          message: `${item.title} is out of stock`,
        });
      else skipped.push({ sku: item.sku, title: item.title, reason: 'cart_full', message: failure.message });
    }
    return {
      cart: cart ?? (await this.carts.view(ctx, token)),
      added,
      skipped,
      fromOrder: { id: order.id, number: order.number },
    };
  }

  async addresses(ctx: RequestContext, session: ShopperSession): Promise<SavedPlaces> {
    const rows = await this.asShopper(ctx, session, (trx, phone) => this.repository.addresses(trx, phone));
    return placesOf(rows);
  }

  /** Replaces the saved places (up to 5, in the order given). Unknown areas are a 400. */
  async saveAddresses(ctx: RequestContext, session: ShopperSession, addresses: SavedAddress[]): Promise<SavedPlaces> {
    const rows = await this.asShopper(ctx, session, async (trx, phone) => {
      const known = await this.repository.knownAreas(trx, [...new Set(addresses.map((a) => a.areaSlug))]);
      const unknown = addresses.map((a, i) => ({ a, i })).filter(({ a }) => !known.has(a.areaSlug));
      if (unknown.length) {
        throw new ApiError(400, 'validation_failed', `Unknown area: ${unknown.map(({ a }) => a.areaSlug).join(', ')}`, {
          where: 'body',
          issues: unknown.map(({ a, i }) => ({
            path: `addresses.${i}.areaSlug`,
            message: `no Nairobi area "${a.areaSlug}"`,
          })),
        });
      }
      await this.repository.replaceAddresses(trx, ctx.tenantId, phone, addresses);
      return this.repository.addresses(trx, phone);
    });
    return placesOf(rows);
  }
}

export { SESSION_DAYS };
