import { Controller, Get, Header } from '@nestjs/common';
import type { Area } from '@sokoni/contracts';
import { AreasService } from './areas.service';

/** Nairobi areas: platform reference data (no tenant), changed only by migrations and the seed. */
@Controller('v1/areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  @Get()
  @Header('cache-control', 'public, max-age=300')
  async list(): Promise<{ areas: Area[] }> {
    return { areas: await this.areas.list() };
  }
}
