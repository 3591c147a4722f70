import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import { ReadRouting } from '../../platform/read-routing';
import { DB } from '../../platform/tokens';

/** nairobi_areas: platform reference data (no tenant, no RLS), read with the pool directly (or the read replica). */
@Injectable()
export class AreasRepository {
  constructor(
    @Inject(DB) private readonly db: Kysely<Database>,
    private readonly reads: ReadRouting,
  ) {}

  all() {
    return this.reads.route([], this.db, (db) => db.selectFrom('nairobi_areas').selectAll().orderBy('name').execute());
  }
}
