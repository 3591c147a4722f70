import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely } from '@sokoni/db';
import { DB } from './tokens';

export interface ConnectionHeadroom {
  used: number;
  max: number;
  reserved: number;
}

/**
 * Server-wide connection counts for the metrics (no tenant data: pg_stat_activity rows are
 * visible to the app role; another role's backend type may read NULL, so those count as clients).
 */
@Injectable()
export class DbConnectionsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  async headroom(): Promise<ConnectionHeadroom> {
    const { rows } = await sql<{ used: string; max: string; reserved: string }>`
      SELECT count(*) FILTER (WHERE backend_type IS NULL OR backend_type = 'client backend') AS used,
             current_setting('max_connections') AS max,
             current_setting('superuser_reserved_connections') AS reserved
        FROM pg_stat_activity`.execute(this.db);
    return { used: Number(rows[0]!.used), max: Number(rows[0]!.max), reserved: Number(rows[0]!.reserved) };
  }
}
