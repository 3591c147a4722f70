import { Inject, Injectable } from '@nestjs/common';
import type { Database, Kysely } from '@sokoni/db';
import { DB } from '../../platform/tokens';

/** nairobi_areas: platform reference data (no tenant, no RLS), read with the pool directly. */
@Injectable()
export class AreasRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  all() {
    return this.db.selectFrom('nairobi_areas').selectAll().orderBy('name').execute();
  }
}
