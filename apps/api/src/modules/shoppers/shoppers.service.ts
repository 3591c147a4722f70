import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MAX_SAVED_PLACES, type Cart, type Order, type Reorder, type SavedPlaces, type ShopperCodeSent, type ShopperOrders, type ShopperSessionsRevoked, type ShopperSignIn } from '@sokoni/contracts';
import type { TenantTransaction } from '@sokoni/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { RedisKeys } from '../../platform/redis';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, REDIS } from '../../platform/tokens';
import { CartService } from '../cart/cart.service';
import { SMS } from '../messaging/providers/messaging-providers.module';
import type { SmsClient } from '../messaging/providers/sms-client';
import { OrdersService } from '../orders/orders.service';
import { TenancyService, type TenantRef } from '../tenancy/tenancy.service';
import { assertSessionLive, ShopperKeys, SESSION_DAYS, type ShopperSession } from './shopper-session';
import { ShoppersRepository, type SavedAddress } from './shoppers.repository';

const CODE_TTL_SECONDS = 5 * 60;
const MAX_ATTEMPTS = 5;
/** Codes a phone may ask for at one store per window. */
const CODES_PER_PHONE = 3;
const PHONE_WINDOW_SECONDS = 10 * 60;
/** Codes one client address may ask for (any phone, any store) per hour. */
const CODES_PER_IP = 20;
/** Code checks one client address may make per 10 minutes (guessing across many phones). */
const CHECKS_PER_IP = 30;
const MAX_ORDERS = 50;
export const MAX_ADDRESSES = MAX_SAVED_PLACES;

const placesOf = (rows: { area_slug: string; area_name: string; landmark: string; label: string }[]) =>
  ({ addresses: rows.map((r) => ({ areaSlug: r.area_slug, areaName: r.area_name, landmark: r.landmark, label: r.label })), max: MAX_ADDRESSES });

/**
 * Shopper identity: a phone number proven by an SMS code gets a 30-day session at one store,
 * with which the shopper sees their orders there, reorders, and keeps a few saved places.
 * No account, no password, no email. "Sign out on all phones" ends every session of that phone
 * at that store before its 30 days (shopper_accounts.sessions_valid_after).
 */
@Injectable()
export class ShoppersService {
  private readonly keys: ShopperKeys;

  constructor(
    private readonly repository: ShoppersRepository,
    private readonly tenancy: TenancyService,
    private readonly orders: OrdersService,
    private readonly carts: CartService,
    private readonly tenantDb: TenantDb,
    private readonly redisKeys: RedisKeys,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SMS) private readonly sms: SmsClient,
  ) {
    this.keys = new ShopperKeys(config.CART_TOKEN_SECRET);
  }

  /**
   * Sends a 6-digit code by SMS. The answer is the same whether or not the phone has ever
   * ordered here (nothing about the phone is revealed); only limits and outages differ.
   */
  async requestCode(tenant: TenantRef, phone: string, ip: string): Promise<ShopperCodeSent> {
    await this.limit(this.redisKeys.platform('shopper-otp-ip', ip), CODES_PER_IP, 3600, 'Too many sign-in codes asked from this network. Try again later.');
    await this.limit(this.redisKeys.tenant(tenant.tenantId, 'shopper-otp', phone), CODES_PER_PHONE, PHONE_WINDOW_SECONDS,
      'Too many codes sent to this number. Wait a few minutes, then ask again.');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.tenantDb.run(tenant.tenantId, (trx) => this.repository.putOtp(trx, tenant.tenantId, phone, this.keys.hashCode(tenant.tenantId, phone, code), new Date(Date.now() + CODE_TTL_SECONDS * 1000)));
    const store = await this.tenancy.storeOf(tenant.tenantId);
    try {
      await this.sms.send(phone, `${store.name}: your code is ${code}. It expires in 5 minutes. Never share it. / Nambari yako ya kuingia ni ${code}.`);
    } catch (error) {
      this.logger.warn({ err: error, tenant_id: tenant.tenantId }, 'shopper sign-in code SMS failed');
      throw new ApiError(503, 'service_unavailable', 'We could not send the SMS just now. Try again in a minute.', { reason: 'sms_unavailable' });
    }
    return { sent: true, phone, expiresInSeconds: CODE_TTL_SECONDS };
  }

  /** The code, checked once: right -> a session; wrong -> one attempt fewer (5 per code). */
  async verifyCode(tenant: TenantRef, phone: string, code: string, ip: string): Promise<ShopperSignIn> {
    await this.limit(this.redisKeys.platform('shopper-otp-check-ip', ip), CHECKS_PER_IP, 600, 'Too many code checks from this network. Try again in a few minutes.');
    const outcome = await this.tenantDb.run(tenant.tenantId, async (trx) => {
      const otp = await this.repository.lockOtp(trx, phone);
      if (!otp || otp.consumed_at || new Date(otp.expires_at).getTime() < Date.now()) return { ok: false as const, reason: 'expired' as const };
      if (otp.attempts >= MAX_ATTEMPTS) return { ok: false as const, reason: 'locked' as const };
      if (!this.keys.codeMatches(tenant.tenantId, phone, code, otp.code_hash)) {
        const attempts = await this.repository.countAttempt(trx, phone);
        return { ok: false as const, reason: 'wrong' as const, attemptsLeft: Math.max(MAX_ATTEMPTS - attempts, 0) };
      }
      await this.repository.consumeOtp(trx, phone);
      return { ok: true as const, issuedAtMicros: await this.repository.sessionStamp(trx, phone) };
    });
    if (!outcome.ok) {
      if (outcome.reason === 'locked') throw new ApiError(429, 'rate_limited', 'Too many wrong codes. Ask for a new code.', { reason: 'too_many_attempts' });
      if (outcome.reason === 'expired') throw new ApiError(401, 'unauthorized', 'That code has expired or was already used. Ask for a new one.', { reason: 'code_expired' });
      throw new ApiError(401, 'unauthorized', outcome.attemptsLeft ? `Wrong code. ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'try' : 'tries'} left.` : 'Wrong code. Ask for a new code.',
        { reason: 'wrong_code', attemptsLeft: outcome.attemptsLeft });
    }
    const session = await this.keys.issue(tenant.tenantId, phone, outcome.issuedAtMicros);
    return { sessionToken: session.token, phone, expiresAt: session.expiresAt.toISOString() };
  }

  /**
   * The session token's own checks, without I/O (signature, expiry, this store): 401 otherwise.
   * Whether its phone signed out on all phones since is checked by each method below, inside
   * the transaction it opens anyway (asShopper).
   */
  authenticate(tenant: TenantRef, authorization: string | undefined): Promise<ShopperSession> {
    return this.keys.session(tenant.tenantId, authorization);
  }

  /**
   * Runs `work` as the session's phone, in the one tenant transaction the request needs anyway,
   * whose first statement checks that the token was not issued before the phone's "sign out on
   * all phones" (a primary-key read on the connection already held: no extra transaction, and
   * no cache that could lag behind a revoke). 401 session_revoked otherwise.
   */
  private asShopper<T>(tenant: TenantRef, session: ShopperSession, work: (trx: TenantTransaction, phone: string) => Promise<T>): Promise<T> {
    return this.tenantDb.run(tenant.tenantId, async (trx) => {
      await assertSessionLive(trx, session);
      return work(trx, session.phone);
    });
  }

  /**
   * "Sign out on all phones": every session of the caller's phone at this store issued until
   * now stops working, the caller's own included; the phone's sessions at other stores and other
   * phones' sessions are untouched. Signing in again afterwards works at once.
   */
  async revokeAllSessions(tenant: TenantRef, session: ShopperSession): Promise<ShopperSessionsRevoked> {
    await this.asShopper(tenant, session, (trx, phone) => this.repository.revokeSessions(trx, tenant.tenantId, phone));
    return { revoked: true };
  }

  /** "My orders": this phone's orders at this store, newest first, with items and timeline. */
  async myOrders(tenant: TenantRef, session: ShopperSession): Promise<ShopperOrders> {
    return this.asShopper(tenant, session, async (trx, phone) => {
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
  async reorder(tenant: TenantRef, session: ShopperSession, orderId: string, cartToken: string | undefined): Promise<Reorder> {
    const order = await this.asShopper(tenant, session, async (trx, phone) =>
      (await this.repository.orderOf(trx, phone, orderId)) ? this.orders.getWithin(trx, orderId) : null);
    if (!order) throw ApiError.notFound('not_found', 'No such order among yours at this store');
    let token = cartToken;
    let cart = null as Cart | null;
    const added: { sku: string; quantity: number }[] = [];
    const skipped: { sku: string; title: string; reason: 'unavailable' | 'out_of_stock' | 'cart_full'; message: string }[] = [];
    for (const item of order.items) {
      const inCart = () => cart?.lines.find((l) => l.sku === item.sku)?.quantity ?? 0;
      const tryAdd = async (quantity: number): Promise<ApiError | null> => {
        try {
          cart = await this.carts.add(tenant, token, item.sku, quantity);
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
        const room = details.available !== undefined ? details.available - inCart() : details.max !== undefined ? details.max - inCart() : 0;
        if (room > 0) failure = await tryAdd(Math.min(item.quantity, room));
      }
      if (!failure) continue;
      const details = (failure.details ?? {}) as { reason?: string };
      if (failure.status === 404) skipped.push({ sku: item.sku, title: item.title, reason: 'unavailable', message: `${item.title} is no longer sold here` });
      else if (details.reason === 'insufficient_stock') skipped.push({ sku: item.sku, title: item.title, reason: 'out_of_stock', message: `${item.title} is out of stock` });
      else skipped.push({ sku: item.sku, title: item.title, reason: 'cart_full', message: failure.message });
    }
    return { cart: cart ?? await this.carts.view(tenant, token), added, skipped, fromOrder: { id: order.id, number: order.number } };
  }

  async addresses(tenant: TenantRef, session: ShopperSession): Promise<SavedPlaces> {
    const rows = await this.asShopper(tenant, session, (trx, phone) => this.repository.addresses(trx, phone));
    return placesOf(rows);
  }

  /** Replaces the saved places (up to 5, in the order given). Unknown areas are a 400. */
  async saveAddresses(tenant: TenantRef, session: ShopperSession, addresses: SavedAddress[]): Promise<SavedPlaces> {
    const rows = await this.asShopper(tenant, session, async (trx, phone) => {
      const known = await this.repository.knownAreas(trx, [...new Set(addresses.map((a) => a.areaSlug))]);
      const unknown = addresses.map((a, i) => ({ a, i })).filter(({ a }) => !known.has(a.areaSlug));
      if (unknown.length) {
        throw new ApiError(400, 'validation_failed', `Unknown area: ${unknown.map(({ a }) => a.areaSlug).join(', ')}`, {
          where: 'body', issues: unknown.map(({ a, i }) => ({ path: `addresses.${i}.areaSlug`, message: `no Nairobi area "${a.areaSlug}"` })),
        });
      }
      await this.repository.replaceAddresses(trx, tenant.tenantId, phone, addresses);
      return this.repository.addresses(trx, phone);
    });
    return placesOf(rows);
  }

  /** A fixed-window counter in Redis; over the limit -> 429 with when to try again. */
  private async limit(key: string, max: number, windowSeconds: number, message: string): Promise<void> {
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.expire(key, windowSeconds);
    if (count > max) {
      const ttl = await this.redis.ttl(key);
      throw new ApiError(429, 'rate_limited', message, { retryAfterSeconds: ttl > 0 ? ttl : windowSeconds });
    }
  }
}

export { SESSION_DAYS };
