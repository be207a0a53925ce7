import { Module } from '@nestjs/common';
import { ExpertReviewsController } from './expert-reviews.controller';
import { ExpertReviews } from './expert-reviews';

/** Expert review: panels score cases. */
@Module({
  controllers: [ExpertReviewsController],
  providers: [ExpertReviews],
})
export class ExpertsModule {}
