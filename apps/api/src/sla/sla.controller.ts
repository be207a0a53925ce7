import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { writeCsv } from '@app/persistence';
import { BreachForecast } from './breach-forecast';
import { CheckSlaFilter } from './check-sla-filter';
import { ReviewerWorkload } from './reviewer-workload';
import { SlaCases } from './sla-cases';
import { SlaSummary } from './sla-summary';
import {
  ForecastDto, ForecastQuery, ReviewerWorkloadDto, ReviewerWorkloadQuery, SlaCaseDto, SlaCasesQuery, SlaFilter, SlaMonthDto, SlaMonthsQuery,
  SlaSummaryDto,
} from './sla.dto';

const CSV_COLUMNS: (keyof SlaSummaryDto)[] = [
  'clock', 'from', 'to', 'onTimeRate', 'completed', 'onTime', 'open', 'atRisk', 'overdue', 'meanWorkingDays', 'p90WorkingDays',
];
const REVIEWER_CSV_COLUMNS: (keyof ReviewerWorkloadDto)[] = [
  'id', 'displayName', 'roles', 'regionCode', 'held', 'atRisk', 'overdue', 'decided', 'onTime', 'onTimeRate', 'meanWorkingDays', 'lastDecisionAt',
];

@ApiTags('sla')
@ApiBearerAuth()
@Roles('administrator', 'director')
@ApiForbiddenResponse({ description: 'Administrators and directors only' })
@ApiBadRequestResponse({ description: 'Names each bad filter' })
@Controller('api/v1/sla')
export class SlaController {
  constructor(
    private readonly summary: SlaSummary,
    private readonly cases: SlaCases,
    private readonly forecast: BreachForecast,
    private readonly filters: CheckSlaFilter,
    private readonly workload: ReviewerWorkload,
  ) {}

  @Get('summary')
  @ApiOkResponse({ type: SlaSummaryDto, description: '限时办结率 and friends, from pre-aggregated rows' })
  async get(@Query() filter: SlaFilter): Promise<SlaSummaryDto> {
    await this.filters.check(filter);
    return this.summary.summarize(filter);
  }

  @Get('summary/months')
  @ApiOkResponse({ type: [SlaMonthDto], description: "Each month of a year: the completed figures (限时办结率), as the summary gives them for that month" })
  async months(@Query() query: SlaMonthsQuery): Promise<SlaMonthDto[]> {
    await this.filters.check(query);
    return this.summary.months(query);
  }

  @Get('summary.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same summary as one CSV row under a header', type: String })
  async csv(@Query() filter: SlaFilter, @Res({ passthrough: true }) response: Response): Promise<string> {
    await this.filters.check(filter);
    const s = await this.summary.summarize(filter);
    // Set here, not by @Header: an error answered instead stays JSON.
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="sla-summary.csv"');
    return writeCsv(CSV_COLUMNS, [CSV_COLUMNS.map((c) => s[c])]);
  }

  @Get('reviewers')
  @ApiOkResponse({
    type: [ReviewerWorkloadDto],
    description: "Every reviewer in the caller's scope, idle ones too: tasks held now (at risk, overdue), decisions in the period; most overdue first",
  })
  async reviewers(@CurrentUser() principal: Principal, @Query() query: ReviewerWorkloadQuery): Promise<ReviewerWorkloadDto[]> {
    await this.filters.check(query);
    return this.workload.list(principal, query);
  }

  @Get('reviewers.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same list of reviewers, one CSV row each under a header (roles joined by |)', type: String })
  async reviewersCsv(
    @CurrentUser() principal: Principal, @Query() query: ReviewerWorkloadQuery, @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    await this.filters.check(query);
    const rows = await this.workload.list(principal, query);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="sla-reviewers.csv"');
    return writeCsv(REVIEWER_CSV_COLUMNS, rows.map((r) => REVIEWER_CSV_COLUMNS.map((c) => (c === 'roles' ? r.roles.join('|') : r[c]))));
  }

  @Get('cases')
  @ApiOkResponse({ type: [SlaCaseDto], description: 'Overdue or at-risk clocks, most urgent first, with who holds them' })
  async list(@Query() query: SlaCasesQuery): Promise<SlaCaseDto[]> {
    await this.filters.check(query);
    return this.cases.list(query);
  }

  @Get('forecast')
  @ApiOkResponse({ type: [ForecastDto], description: 'Green cases forecast to miss their due date' })
  async breaches(@Query() query: ForecastQuery): Promise<ForecastDto[]> {
    await this.filters.check(query);
    return this.forecast.list(query);
  }
}
