import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { AppConfig } from '../config/config';
import { Metrics } from './metrics';
import { RedisKeys } from './redis';
import { ReplicaHealth } from './replica-health';
import { CONFIG, LOGGER, REDIS } from './tokens';

/** The headers that name a caller's session: an owner token, a shopper session, a cart. */
const SESSION_HEADERS = ['authorization', 'x-shopper-session', 'x-cart-token'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Opaque keys for the sessions a request names (hashes: no credential ends up in Redis or in the
 * context). A write marks them; a read that carries one of them goes to the primary for a while.
 */
export function sessionKeys(headers: Record<string, string | string[] | undefined>): string[] {
  const keys: string[] = [];
  for (const name of SESSION_HEADERS) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) keys.push(createHash('sha256').update(`${name}\n${text}`).digest('base64url').slice(0, 24));
  }
  return keys;
}

type Reason = 'replica' | 'no_replica' | 'down' | 'lagging' | 'stale' | 'after_write' | 'retry';

/**
 * Where a storefront read runs (TenantDb.read): on the replica when there is one, it is healthy
 * and its lag is within REPLICA_MAX_LAG_MS, and the caller's session wrote nothing in the last
 * pin window; else on the primary. A replica that fails a read for want of a connection is
 * marked down (until the next good health poll) and the read runs again, once, on the primary.
 */
@Injectable()
export class ReadRouting {
  private readonly reads: Counter<'target' | 'reason'>;
  /** Read-your-writes: a session that wrote reads from the primary this long (lag bound + two polls). */
  readonly pinMs: number;

  constructor(
    private readonly health: ReplicaHealth,
    @Inject(CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.pinMs = config.REPLICA_MAX_LAG_MS + 2 * config.REPLICA_HEALTH_INTERVAL_MS + 1_000;
    this.reads = new Counter({
      name: 'sokoni_db_reads_total',
      help: 'Storefront read transactions by where they ran (replica/primary) and why',
      labelNames: ['target', 'reason'] as const,
      registers: [metrics.registry],
    });
  }

  /** True when a replica is configured in this process. */
  get enabled(): boolean {
    return this.health.replica !== null;
  }

  /**
   * Runs `run` on the replica or on `primary` (TenantDb's handle). `sessions`: the caller's
   * (RequestContext.sessions); none for platform reference data that only migrations change.
   */
  async route<T>(
    sessions: readonly string[],
    primary: Kysely<Database>,
    run: (db: Kysely<Database>) => Promise<T>,
  ): Promise<T> {
    const replica = this.health.replica;
    const reason = replica ? (this.health.state() ?? (await this.pinnedReason(sessions))) : 'no_replica';
    if (!replica || reason !== 'replica') {
      this.reads.inc({ target: 'primary', reason });
      return run(primary);
    }
    this.reads.inc({ target: 'replica', reason });
    try {
      return await run(replica);
    } catch (error) {
      const problem = replicaProblem(error);
      if (!problem) throw error;
      if (problem === 'connection') this.health.markDown(error);
      this.reads.inc({ target: 'primary', reason: 'retry' });
      return run(primary);
    }
  }

  /** After a write: this request's sessions read from the primary for pinMs. */
  async noteWrite(headers: Record<string, string | string[] | undefined>): Promise<void> {
    const sessions = sessionKeys(headers);
    if (!this.enabled || sessions.length === 0) return;
    const batch = this.redis.multi();
    for (const session of sessions) batch.set(this.keys.platform('rw', session), '1', 'PX', this.pinMs);
    await batch.exec().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'read-your-writes pin not stored: this session may read the replica at once');
    });
  }

  private async pinnedReason(sessions: readonly string[]): Promise<Reason> {
    if (sessions.length === 0) return 'replica';
    try {
      const pinned = await this.redis.exists(...sessions.map((s) => this.keys.platform('rw', s)));
      return pinned > 0 ? 'after_write' : 'replica';
    } catch {
      return 'after_write'; // Redis cannot say: the primary is always right
    }
  }
}

/** Every non-safe request (a write, or an attempt) pins its sessions to the primary before answering. */
export function registerReadAfterWrite(fastify: FastifyInstance, routing: ReadRouting): void {
  if (!routing.enabled) return;
  fastify.addHook('onSend', async (request) => {
    if (!SAFE_METHODS.has(request.method)) await routing.noteWrite(request.headers);
  });
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
/** admin_shutdown, crash_shutdown, cannot_connect_now (a replica starting or shutting down). */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
/** serialization_failure, deadlock_detected: on a standby, a query cancelled by a recovery conflict. */
const RECOVERY_CONFLICT_STATES = new Set(['40001', '40P01']);

/**
 * 'connection' when the replica cannot serve (refused, terminated, shutting down), 'conflict' for a
 * query cancelled by replay, null for anything else (the read's own error, thrown as it is).
 */
export function replicaProblem(error: unknown): 'connection' | 'conflict' | null {
  if (!(error instanceof Error)) return null;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONNECTION_CODES.has(code) || code.startsWith('08') || SHUTDOWN_STATES.has(code)) return 'connection';
    if (RECOVERY_CONFLICT_STATES.has(code)) return 'conflict';
  }
  return /Connection terminated|connection error|timeout exceeded when trying to connect|not queryable/i.test(
    error.message,
  )
    ? 'connection'
    : null;
}
