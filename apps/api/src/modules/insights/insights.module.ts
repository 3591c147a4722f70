import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AggregationService } from './aggregation.service';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';
import { LiveService } from './live.service';
import { MetricSnapshotMetrics } from './metric-snapshot.metrics';
import { MetricSnapshotsRepository } from './metric-snapshots.repository';
import { OwnerInsightsController } from './owner-insights.controller';

@Module({
  imports: [AuthModule],
  controllers: [OwnerInsightsController],
  providers: [
    InsightsRepository,
    MetricSnapshotsRepository,
    MetricSnapshotMetrics,
    AggregationService,
    InsightsService,
    LiveService,
  ],
  exports: [AggregationService, InsightsService],
})
export class InsightsModule {}
