import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { RateCase } from './rate-case';
import { CallbackDto, RateDto, RatingDto, RectificationQuery, SummaryQuery, SummaryRowDto } from './rating.dto';
import { RatingReader } from './rating-reader';
import { RecordCallback } from './record-callback';

/** 好差评: enterprises rate concluded cases; the bureau calls back on bad ratings and reads the summary. */
@ApiTags('ratings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid token' })
@Controller('api/v1')
export class RatingsController {
  constructor(
    private readonly rate: RateCase,
    private readonly callback: RecordCallback,
    private readonly reader: RatingReader,
  ) {}

  @Post('applications/:id/rating')
  @Roles('enterprise')
  @ApiCreatedResponse({ type: RatingDto })
  @ApiBadRequestResponse({ description: 'Names each bad field (score 1–5)' })
  @ApiForbiddenResponse({ description: 'Enterprises only' })
  @ApiNotFoundResponse({ description: 'No such case of yours' })
  @ApiConflictResponse({ description: 'Not concluded (办结) yet, or rated already' })
  create(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: RateDto): Promise<RatingDto> {
    return this.rate.execute(principal, id, body);
  }

  @Post('ratings/:id/callback')
  @HttpCode(200)
  @Roles('administrator', 'director')
  @ApiOkResponse({ type: RatingDto, description: 'The rectification is closed' })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'No open rectification' })
  recordCallback(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: CallbackDto): Promise<RatingDto> {
    return this.callback.execute(principal, id, body);
  }

  @Get('ratings/summary')
  @Roles('administrator', 'director')
  @ApiOkResponse({ type: [SummaryRowDto], description: 'Per program and concluding stage' })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  summary(@Query() query: SummaryQuery): Promise<SummaryRowDto[]> {
    return this.reader.summary(query);
  }

  @Get('ratings/rectifications')
  @Roles('administrator', 'director')
  @ApiOkResponse({ type: [RatingDto], description: 'Bad ratings to call back (open, by due date) or done (closed)' })
  @ApiBadRequestResponse()
  @ApiForbiddenResponse()
  rectifications(@Query() query: RectificationQuery): Promise<RatingDto[]> {
    return this.reader.rectifications(query);
  }
}
