import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { ExpertSeatDto, ScoreResultDto, ScoresDto } from './expert-review.dto';
import { ExpertReviews } from './expert-reviews';

@ApiTags('expert review')
@ApiBearerAuth()
@Roles('expert')
@Controller('api/v1/expert-reviews')
export class ExpertReviewsController {
  constructor(private readonly reviews: ExpertReviews) {}

  @Get()
  @ApiOkResponse({ type: [ExpertSeatDto], description: 'Your seats on expert panels, unscored first' })
  mine(@CurrentUser() principal: Principal): Promise<ExpertSeatDto[]> {
    return this.reviews.mine(principal);
  }

  @Post(':id/scores')
  @HttpCode(200)
  @ApiOkResponse({ type: ScoreResultDto })
  @ApiBadRequestResponse({ description: 'Names each bad criterion score' })
  @ApiConflictResponse({ description: 'Scored already, or the case moved on' })
  @ApiNotFoundResponse({ description: 'Not your seat' })
  score(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: ScoresDto): Promise<ScoreResultDto> {
    return this.reviews.score(principal, id, body);
  }
}
