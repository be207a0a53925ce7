import { Module } from '@nestjs/common';
import { RatingsController } from './ratings.controller';
import { RateCase } from './rate-case';
import { RecordCallback } from './record-callback';
import { RatingReader } from './rating-reader';
import { RatingPolicy } from './rating-policy';
import { CaseRatingController } from './case-rating.controller';
import { ReadCaseRating } from './read-case-rating';

/** Ratings of the service after 办结 (given, and read back by the enterprise) and the callbacks of a rectification. */
@Module({
  controllers: [RatingsController, CaseRatingController],
  providers: [RateCase, RecordCallback, RatingReader, RatingPolicy, ReadCaseRating],
})
export class RatingsModule {}
