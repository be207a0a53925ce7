import { Module } from '@nestjs/common';
import { RatingsController } from './ratings.controller';
import { RateCase } from './rate-case';
import { RecordCallback } from './record-callback';
import { RatingReader } from './rating-reader';
import { RatingPolicy } from './rating-policy';

/** Ratings of the service after 办结 and the callbacks of a rectification. */
@Module({
  controllers: [RatingsController],
  providers: [RateCase, RecordCallback, RatingReader, RatingPolicy],
})
export class RatingsModule {}
