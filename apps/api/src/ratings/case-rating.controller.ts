import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { CaseRatingDto } from './case-rating.dto';
import { ReadCaseRating } from './read-case-rating';

/** 好差评 read back: the enterprise sees the rating it gave a concluded case (the case page, after a reload). */
@ApiTags('ratings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid token' })
@Controller('api/v1')
export class CaseRatingController {
  constructor(private readonly read: ReadCaseRating) {}

  @Get('applications/:id/rating')
  @Roles('enterprise')
  @ApiOkResponse({ type: CaseRatingDto, description: '`rating` is null until the case is rated' })
  @ApiForbiddenResponse({ description: 'Enterprises only' })
  @ApiNotFoundResponse({ description: 'No such case of yours' })
  get(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<CaseRatingDto> {
    return this.read.execute(principal, id);
  }
}
