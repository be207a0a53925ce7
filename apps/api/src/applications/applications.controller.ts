import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/domain';
import { UuidParam } from '../http/params';
import {
  ApplicationDto,
  ApplicationListQuery,
  ScreeningOverrideDto,
  SubmitApplicationDto,
  SubmittedApplicationDto,
  SupplementDto,
  VerifyFactsDto,
  WithdrawDto,
} from './application.dto';
import { OverrideScreening } from './override-screening';
import { ResubmitSupplement } from './resubmit-supplement';
import { ApplicationReader } from './application-reader';
import { SubmitApplication } from './submit-application';
import { VerifyFacts } from './verify-facts';
import { WithdrawApplication } from './withdraw-application';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(
    private readonly submit: SubmitApplication,
    private readonly withdrawal: WithdrawApplication,
    private readonly reader: ApplicationReader,
    private readonly supplement: ResubmitSupplement,
    private readonly screeningOverride: OverrideScreening,
    private readonly verification: VerifyFacts,
  ) {}

  @Post()
  @Roles('enterprise')
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key return the same case',
  })
  @ApiCreatedResponse({
    type: SubmittedApplicationDto,
    description: 'Created; screening runs in the background (GET /applications/:id has the full view)',
  })
  @ApiOkResponse({
    type: SubmittedApplicationDto,
    description: 'The case this Idempotency-Key created before',
  })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  @ApiConflictResponse({ description: 'An open case for this program and year exists' })
  @ApiUnprocessableEntityResponse({
    description:
      'The program needs no application (免申即享), or the Idempotency-Key was used with another body',
  })
  async create(
    @CurrentUser() principal: Principal,
    @Body() body: SubmitApplicationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: { status(code: number): void },
  ): Promise<SubmittedApplicationDto> {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.-]{8,64}$/.test(idempotencyKey)) {
      throw DomainError.invalid([
        { field: 'Idempotency-Key', message: 'must be 8–64 letters, digits, _ . -' },
      ]);
    }
    const { id, created, status, version, caseNumber } = await this.submit.execute(principal, body, idempotencyKey);
    response.status(created ? 201 : 200);
    // A lean answer (no timeline, clock or forecast): a deadline-day burst of submissions must not pay for the full view.
    return { id, status, version, program: body.program, year: body.year, caseNumber };
  }

  @Get()
  @ApiOkResponse({ type: [ApplicationDto] })
  list(@CurrentUser() principal: Principal, @Query() query: ApplicationListQuery): Promise<ApplicationDto[]> {
    return this.reader.list(principal, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApplicationDto })
  @ApiNotFoundResponse({ description: 'No such case, or not yours' })
  get(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<ApplicationDto> {
    return this.reader.get(principal, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: ApplicationDto })
  @ApiConflictResponse({ description: 'Stale version, or the case can no longer be withdrawn' })
  async withdraw(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: WithdrawDto,
  ): Promise<ApplicationDto> {
    await this.withdrawal.execute(principal, id, body.version, body.reason);
    return this.reader.get(principal, id);
  }

  @Post(':id/supplement')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({
    type: ApplicationDto,
    description: 'Back to the stage that asked; the clock restarts (补正)',
  })
  @ApiConflictResponse({ description: 'Stale version, or the case is not waiting for materials' })
  @ApiNotFoundResponse()
  async resubmit(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: SupplementDto,
  ): Promise<ApplicationDto> {
    await this.supplement.execute(principal, id, body.version, body.note);
    return this.reader.get(principal, id);
  }

  @Post(':id/screening-override')
  @HttpCode(200)
  @Roles('director')
  @ApiOkResponse({
    type: ApplicationDto,
    description: 'Screening’s refusal overridden: back to the first review stage with the recomputed amount',
  })
  @ApiBadRequestResponse({
    description: 'Names each bad field (a reason of at least 10 characters is required)',
  })
  @ApiConflictResponse({
    description: 'Stale version, not a screening refusal, or another open case of the program and year',
  })
  @ApiUnprocessableEntityResponse({ description: 'The rules still refuse the case with the corrected facts' })
  @ApiNotFoundResponse()
  async overrideScreening(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: ScreeningOverrideDto,
  ): Promise<ApplicationDto> {
    await this.screeningOverride.execute(principal, id, body);
    return this.reader.get(principal, id);
  }

  @Post(':id/fact-verifications')
  @HttpCode(200)
  @Roles('district_reviewer', 'city_reviewer')
  @ApiOkResponse({
    type: ApplicationDto,
    description: 'The facts are verified (by you, now); the amount is final once none is left',
  })
  @ApiBadRequestResponse({ description: 'A fact the case does not wait to have verified (names it)' })
  @ApiConflictResponse({ description: 'The case is not in acceptance' })
  @ApiNotFoundResponse()
  async verifyFacts(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: VerifyFactsDto,
  ): Promise<ApplicationDto> {
    await this.verification.execute(principal, id, body.facts);
    return this.reader.get(principal, id);
  }
}
