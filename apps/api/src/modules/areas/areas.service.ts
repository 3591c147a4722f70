import { Injectable } from '@nestjs/common';
import type { Area } from '@sokoni/contracts';
import { AreasRepository } from './areas.repository';

/** Nairobi areas: platform reference data (no tenant), changed only by migrations and the seed. */
@Injectable()
export class AreasService {
  constructor(private readonly repository: AreasRepository) {}

  async list(): Promise<Area[]> {
    const rows = await this.repository.all();
    return rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      ward: r.ward,
      subCounty: r.sub_county,
      lat: Number(r.lat),
      lng: Number(r.lng),
      aliases: r.aliases,
    }));
  }
}
