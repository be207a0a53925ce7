import { ApiProperty } from '@nestjs/swagger';
import { RatingDto } from './rating.dto';

/** A case's rating as its enterprise reads it back: null until rated (200 either way, so a page can ask). */
export class CaseRatingDto {
  @ApiProperty({ type: RatingDto, nullable: true }) rating: RatingDto | null;
}
