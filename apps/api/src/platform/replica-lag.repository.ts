import { Inject, Injectable } from '@nestjs/common';
import { sql, type Database, type Kysely } from '@sokoni/db';
import { DB } from './tokens';

export interface StandbyPosition {
  /** pg_is_in_recovery(): false = not a standby (promoted, or the primary itself). */
  standby: boolean;
  /** pg_last_wal_replay_lsn() as text ("16/B374D848"), null when not a standby. */
  replay: string | null;
  paused: boolean | null;
  /** Seconds since the last replayed transaction committed on the primary (null before any). */
  since_replay_s: number | null;
}

/** WAL positions for the replica's lag (no tenant data: server functions open to every role). */
@Injectable()
export class ReplicaLagRepository {
  constructor(@Inject(DB) private readonly primary: Kysely<Database>) {}

  /** The primary's current WAL position (through the app's pool, PgBouncer included). */
  async primaryLsn(): Promise<string> {
    const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(this.primary);
    return rows[0]!.lsn;
  }

  async standbyPosition(replica: Kysely<Database>): Promise<StandbyPosition> {
    const { rows } = await sql<StandbyPosition>`
      SELECT pg_is_in_recovery() AS standby,
             pg_last_wal_replay_lsn()::text AS replay,
             CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS paused,
             extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since_replay_s`.execute(replica);
    return rows[0]!;
  }
}
