import { Controller, Get, Inject, Res } from '@nestjs/common';
import { sql, type Database, type Kysely } from '@sokoni/db';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../platform/redis';
import { DB, REDIS } from '../../platform/tokens';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

@Controller()
export class HealthController {
  constructor(
    @Inject(DB) private readonly db: Kysely<Database>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Liveness: the process answers. No dependencies, so a database outage never restarts us. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: Postgres (as the app role) and Redis both answer; 503 otherwise. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis, heartbeat] = await Promise.allSettled([
      withTimeout(sql`SELECT 1`.execute(this.db), 'postgres'),
      withTimeout(this.redis.ping(), 'redis'),
      withTimeout(this.redis.get(this.keys.platform('worker', 'heartbeat')), 'redis'),
    ]);
    const checks = {
      postgres:
        postgres.status === 'fulfilled'
          ? { ok: true }
          : { ok: false, error: String((postgres.reason as Error).message) },
      redis:
        redis.status === 'fulfilled' ? { ok: true } : { ok: false, error: String((redis.reason as Error).message) },
    };
    const ready = checks.postgres.ok && checks.redis.ok;
    const lastBeat = heartbeat.status === 'fulfilled' && heartbeat.value ? Number(heartbeat.value) : null;
    reply.status(ready ? 200 : 503);
    return {
      status: ready ? 'ready' : 'not_ready',
      checks,
      // Informational: a stale worker does not make the API unready, but on-call wants to see it.
      worker: { lastHeartbeatSecondsAgo: lastBeat ? Math.round((Date.now() - lastBeat) / 1000) : null },
    };
  }
}
