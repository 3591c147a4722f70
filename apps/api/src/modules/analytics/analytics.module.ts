import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { EventCollectorService } from './event-collector.service';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';

@Module({
  imports: [TenancyModule],
  controllers: [EventsController],
  providers: [EventCollectorService, EventsRepository],
  exports: [EventsRepository],
})
export class AnalyticsModule {}
