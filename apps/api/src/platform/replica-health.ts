import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createDb, type Database, type Kysely } from '@sokoni/db';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { Metrics } from './metrics';
import { ReplicaLagRepository } from './replica-lag.repository';
import { CONFIG, LOGGER } from './tokens';

/** "16/B374D848" -> a comparable number. */
export function parseLsn(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

interface LsnSample {
  lsn: bigint;
  at: number;
}

/** Why the replica is not used right now (null = it is). */
export type ReplicaState = 'down' | 'lagging' | 'stale' | null;

/**
 * The read replica (DATABASE_READ_URL): its pool, and how far behind the primary it is, measured
 * every REPLICA_HEALTH_INTERVAL_MS by the API. Each poll reads the primary's pg_current_wal_lsn()
 * and keeps it with the time it was read; then the replica's pg_last_wal_replay_lsn(). The lag is
 * the age of the newest primary position the replica has replayed: 0 when it has replayed what
 * the primary had at this poll, else now - (when the primary was last at or below the replica's
 * position). Without such a sample (start-up) it is now - pg_last_xact_replay_timestamp(), an
 * over-estimate: a stale replica is never taken for a fresh one. Paused replay shows as lag once
 * the primary moves on. A server that is not a standby (promoted: its data forks) = down.
 */
@Injectable()
export class ReplicaHealth implements OnModuleInit, OnApplicationShutdown {
  /** The replica's pool; null when there is none (no DATABASE_READ_URL, or the worker). */
  readonly replica: Kysely<Database> | null;
  private healthy = false;
  private lagMs = Number.POSITIVE_INFINITY;
  private checkedAt = 0;
  /** Bumped by markDown: a poll that started before a failure must not declare the replica up. */
  private generation = 0;
  private samples: LsnSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly lagGauge: Gauge | undefined;
  private readonly upGauge: Gauge | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly positions: ReplicaLagRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    const url = metrics.process === 'api' ? config.readDatabaseUrl : undefined;
    this.replica = url
      ? createDb({
          url,
          max: config.DB_POOL_MAX,
          applicationName: 'sokoni-api-read',
          preparedStatements: config.preparedStatements,
          connectionTimeoutMillis: 2_000,
          onConnectionError: (error) => this.markDown(error),
        })
      : null;
    if (!this.replica) return;
    this.lagGauge = new Gauge({
      name: 'sokoni_db_replica_lag_seconds',
      help: 'How far the read replica is behind the primary, as last measured (NaN while it cannot be reached)',
      registers: [metrics.registry],
    });
    this.upGauge = new Gauge({
      name: 'sokoni_db_replica_up',
      help: '1 while storefront reads may use the replica (reachable, replaying, lag within REPLICA_MAX_LAG_MS)',
      registers: [metrics.registry],
      collect: () => this.upGauge?.set(this.state() === null ? 1 : 0),
    });
  }

  onModuleInit(): void {
    if (!this.replica) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.REPLICA_HEALTH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.replica?.destroy();
  }

  /** null when reads may go to the replica now, else why not. */
  state(): ReplicaState {
    if (!this.healthy) return 'down';
    // A poll that hangs (a replica that stopped answering) leaves an old reading: do not trust it.
    if (Date.now() - this.checkedAt > 3 * this.config.REPLICA_HEALTH_INTERVAL_MS + 1_000) return 'stale';
    return this.lagMs > this.config.REPLICA_MAX_LAG_MS ? 'lagging' : null;
  }

  /** A query on the replica failed for want of a connection: no reads there until a poll succeeds. */
  markDown(error: unknown): void {
    this.generation++;
    if (this.healthy) this.logger.warn({ err: error }, 'read replica unreachable: storefront reads go to the primary');
    this.healthy = false;
    this.lagGauge?.set(Number.NaN);
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.replica) return;
    this.polling = true;
    const generation = this.generation;
    try {
      const primaryLsn = parseLsn(await this.positions.primaryLsn());
      this.samples.push({ lsn: primaryLsn, at: Date.now() });
      const row = await this.positions.standbyPosition(this.replica);
      if (!row.standby || row.replay === null) {
        this.setReading(generation, false, Number.POSITIVE_INFINITY, 'the read replica is not a standby in recovery');
        return;
      }
      const replay = parseLsn(row.replay);
      const lagMs = this.lagFor(replay, primaryLsn, row.since_replay_s);
      this.setReading(generation, true, lagMs, row.paused ? 'replay is paused' : undefined);
    } catch (error) {
      if (generation === this.generation) this.markDown(error);
    } finally {
      this.polling = false;
    }
  }

  private lagFor(replay: bigint, primaryLsn: bigint, sinceReplaySeconds: number | null): number {
    const now = Date.now();
    if (replay >= primaryLsn) {
      this.samples = this.samples.slice(-1);
      return 0;
    }
    // Keep what can still matter: samples the replica has not passed, and the newest it has.
    const passed = this.samples.filter((s) => s.lsn <= replay);
    const newestPassed = passed[passed.length - 1];
    this.samples = [...(newestPassed ? [newestPassed] : []), ...this.samples.filter((s) => s.lsn > replay)].slice(
      -1000,
    );
    if (newestPassed) return now - newestPassed.at;
    const oldest = this.samples[0]?.at ?? now;
    return Math.max(now - oldest, sinceReplaySeconds === null ? Number.POSITIVE_INFINITY : sinceReplaySeconds * 1000);
  }

  private setReading(generation: number, healthy: boolean, lagMs: number, problem?: string): void {
    if (generation !== this.generation) return; // a query failed on the replica meanwhile
    const wasUsable = this.state() === null;
    this.healthy = healthy;
    this.lagMs = lagMs;
    this.checkedAt = Date.now();
    this.lagGauge?.set(Number.isFinite(lagMs) ? lagMs / 1000 : Number.NaN);
    const usable = this.state() === null;
    if (usable !== wasUsable)
      this.logger.info(
        { replica: usable ? 'in use' : 'not used', lag_ms: Number.isFinite(lagMs) ? lagMs : null, problem },
        usable ? 'read replica in use' : 'read replica not used: reads go to the primary',
      );
  }
}
