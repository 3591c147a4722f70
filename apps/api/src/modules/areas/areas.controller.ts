import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Area } from '@sokoni/contracts';
import type { Database, Kysely } from '@sokoni/db';
import { DB } from '../../platform/tokens';

/** Nairobi areas: platform reference data (no tenant), changed only by migrations and the seed. */
@Controller('v1/areas')
export class AreasController {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  @Get()
  @Header('cache-control', 'public, max-age=300')
  async list(): Promise<{ areas: Area[] }> {
    const rows = await this.db.selectFrom('nairobi_areas').selectAll().orderBy('name').execute();
    return {
      areas: rows.map((r) => ({
        slug: r.slug, name: r.name, ward: r.ward, subCounty: r.sub_county,
        lat: Number(r.lat), lng: Number(r.lng), aliases: r.aliases,
      })),
    };
  }
}
