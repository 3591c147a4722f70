import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createDb, type Database, type Kysely } from '@sokoni/db';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { createQueues, type QueueName } from '../queues/queues';
import { DbConnectionsRepository } from './db-connections.repository';
import { DbMetrics } from './db-metrics';
import { Metrics } from './metrics';
import { QueueMetrics } from './queue-metrics';
import { ReadRouting } from './read-routing';
import { createRedis, RedisKeys } from './redis';
import { ReplicaHealth } from './replica-health';
import { ReplicaLagRepository } from './replica-lag.repository';
import { TenantDb } from './tenant-db';
import { CONFIG, DB, LOGGER, QUEUES, REDIS } from './tokens';

/** Connections and cross-cutting services every module may inject. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  static forRoot(config: AppConfig, logger: Logger, role: 'api' | 'worker') {
    return {
      module: PlatformModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: DB,
          useFactory: () =>
            createDb({
              url: config.appDatabaseUrl,
              max: config.DB_POOL_MAX,
              applicationName: `sokoni-${role}`,
              preparedStatements: config.preparedStatements,
              // The server dropped a pooled connection (restart, failover, terminate): without a
              // listener pg's 'error' event would end the process. The pool replaces it.
              onConnectionError: (error) =>
                logger.warn({ err: error }, 'database connection lost; the pool opens a new one'),
            }),
        },
        {
          provide: REDIS,
          useFactory: () => createRedis(config.REDIS_URL, `sokoni-${role}`, role === 'worker' ? 'worker' : 'http'),
        },
        { provide: RedisKeys, useFactory: () => new RedisKeys(config.REDIS_KEY_PREFIX) },
        {
          provide: QUEUES,
          useFactory: (redis: Redis) => createQueues(redis, config.REDIS_KEY_PREFIX, config.FAILED_JOB_RETENTION_DAYS),
          inject: [REDIS],
        },
        { provide: Metrics, useFactory: () => new Metrics(true, role) },
        QueueMetrics,
        DbConnectionsRepository,
        DbMetrics,
        ReplicaLagRepository,
        ReplicaHealth,
        ReadRouting,
        TenantDb,
      ],
      exports: [CONFIG, LOGGER, DB, REDIS, RedisKeys, QUEUES, Metrics, TenantDb, ReadRouting],
    };
  }

  constructor(
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    await this.db.destroy();
    this.redis.disconnect();
  }
}
