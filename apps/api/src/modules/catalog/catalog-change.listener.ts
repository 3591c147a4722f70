import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createPool } from '@sokoni/db';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { RequestContext } from '../../platform/request-context';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { CatalogCache } from './catalog-cache';
import { CatalogCacheMetrics } from './catalog-cache.metrics';

/** Channel of packages/db/migrations/0023_catalog_change_notify.sql; the payload is a tenant id. */
const CHANNEL = 'catalog_changed';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 15_000;
/** A connection that died silently (no FIN, e.g. a network cut) is found by this ping. */
const HEARTBEAT_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;
export const LISTENER_APPLICATION_NAME = 'sokoni-api-catalog-listener';

/**
 * The API's one LISTEN connection for catalog_changed: each notification (sent by the catalog
 * tables' triggers at commit) bumps that store's catalog version in Redis, so every API process
 * stops serving the store's cached answers. It connects straight to Postgres as the app role
 * (`directAppDatabaseUrl`): LISTEN is session state, which a transaction-mode PgBouncer would
 * lose. When the connection drops it reconnects with exponential backoff (250 ms doubling to
 * 15 s) and then retires every store's entries, since changes may have been missed meanwhile;
 * until then the cache TTL bounds how stale an answer can be.
 */
@Injectable()
export class CatalogChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private pool: Pool | null = null;
  private client: PoolClient | null = null;
  private failures = 0;
  /** Whether an earlier attempt was made (connected or not): then changes may have been missed. */
  private triedBefore = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly cache: CatalogCache,
    private readonly metrics: CatalogCacheMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Awaited before the API takes requests: the first answers are cached only once changes are heard. */
  async onApplicationBootstrap(): Promise<void> {
    this.metrics.listenerUp.set(0);
    if (!this.cache.enabled) return;
    this.pool = createPool(this.config.directAppDatabaseUrl, 1, LISTENER_APPLICATION_NAME);
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'catalog listener: idle connection error'));
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.drop(null);
    await this.pool?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped || !this.pool) return;
    let client: PoolClient | null = null;
    try {
      client = await this.pool.connect();
      const mine = client;
      mine.on('notification', (message) => {
        if (message.channel === CHANNEL && message.payload && UUID.test(message.payload))
          void this.changed(RequestContext.forSystem('catalog-listener', { tenantId: message.payload }));
      });
      mine.on('error', (error) => this.lost(mine, error));
      mine.on('end', () => this.lost(mine, new Error('connection ended')));
      await mine.query(`LISTEN ${CHANNEL}`);
      this.client = mine;
      this.failures = 0;
      this.metrics.listenerUp.set(1);
      this.heartbeat = setInterval(() => this.ping(mine), HEARTBEAT_MS);
      this.heartbeat.unref();
    } catch (error) {
      if (client) client.release(error as Error);
      this.triedBefore = true;
      this.retry(error);
      return;
    }
    const missed = this.triedBefore;
    this.triedBefore = true;
    this.logger.info({ reconnected: missed }, 'catalog listener: listening for catalog changes');
    // Changes committed while no connection listened were not heard: retire everything once.
    if (missed) {
      await this.cache.retireAll('listener_reconnect').catch((error: unknown) => {
        this.logger.warn({ err: error }, 'catalog listener: could not retire the cache after reconnecting');
      });
    }
  }

  /** A connection cut without a FIN never errors by itself: a ping that does not come back drops it. */
  private ping(client: PoolClient): void {
    const timer = setTimeout(() => this.lost(client, new Error('ping timed out')), PING_TIMEOUT_MS);
    client.query('SELECT 1').then(
      () => clearTimeout(timer),
      (error: unknown) => {
        clearTimeout(timer);
        this.lost(client, error);
      },
    );
  }

  private async changed(ctx: RequestContext): Promise<void> {
    try {
      await this.cache.retire(ctx);
    } catch (error) {
      // Redis down: nothing is served from it either; the TTL covers the rest.
      this.logger.warn({ err: error, tenantId: ctx.tenantId }, 'catalog listener: could not bump the store version');
    }
  }

  private lost(client: PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.drop(error as Error);
    this.retry(error);
  }

  private drop(error: Error | null): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.metrics.listenerUp.set(0);
    const client = this.client;
    this.client = null;
    if (client) client.release(error ?? true);
  }

  private retry(error: unknown): void {
    if (this.stopped) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.failures);
    this.failures += 1;
    this.logger.warn({ err: error, retryInMs: delay }, 'catalog listener: not listening, retrying');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
