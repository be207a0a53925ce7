import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { ApplicationDto } from '../applications/application.dto';
import { ApplicationReader } from '../applications/application-reader';
import { UuidParam } from '../http/params';
import { AnswerOffer } from './answer-offer';
import { OfferAnswerDto } from './offer-import.dto';

/** The enterprise's answer to a 免申即享 offer (a case in `awaiting_confirmation`). */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
@Roles('enterprise')
@ApiUnauthorizedResponse({ description: 'No valid token' })
@ApiForbiddenResponse({ description: 'Enterprises only' })
@ApiBadRequestResponse({ description: 'A missing or bad version (fields name it)' })
export class OfferAnswersController {
  constructor(
    private readonly answers: AnswerOffer,
    private readonly reader: ApplicationReader,
  ) {}

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm an offer: the case goes to its first review stage' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiNotFoundResponse({ description: 'No such case, or not yours' })
  @ApiConflictResponse({ description: 'Stale version, or the case is not an offer waiting for an answer' })
  async confirm(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: OfferAnswerDto): Promise<ApplicationDto> {
    await this.answers.execute(principal, id, body.version, 'confirm');
    return this.reader.get(principal, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline an offer: the case closes' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiNotFoundResponse({ description: 'No such case, or not yours' })
  @ApiConflictResponse({ description: 'Stale version, or the case is not an offer waiting for an answer' })
  async decline(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: OfferAnswerDto): Promise<ApplicationDto> {
    await this.answers.execute(principal, id, body.version, 'decline');
    return this.reader.get(principal, id);
  }
}
