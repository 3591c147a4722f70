import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ShoppersModule } from '../shoppers/shoppers.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OwnerReviewsController } from './owner-reviews.controller';
import { OwnerReviewsService } from './owner-reviews.service';
import { ReviewMetrics } from './review-metrics';
import { ReviewsController } from './reviews.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

/** Product reviews: shoppers with a delivered order rate and review; owners reply and hide. See docs/reviews.md. */
@Module({
  imports: [AuthModule, ShoppersModule, TenancyModule],
  controllers: [ReviewsController, OwnerReviewsController],
  providers: [ReviewsRepository, ReviewsService, OwnerReviewsService, ReviewMetrics],
  exports: [ReviewsService],
})
export class ReviewsModule {}
