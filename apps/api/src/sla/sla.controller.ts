import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { writeCsv } from '@app/persistence';
import { BreachForecast } from './breach-forecast';
import { SlaCases } from './sla-cases';
import { SlaSummary } from './sla-summary';
import { ForecastDto, ForecastQuery, SlaCaseDto, SlaCasesQuery, SlaFilter, SlaSummaryDto } from './sla.dto';

const CSV_COLUMNS: (keyof SlaSummaryDto)[] = [
  'clock', 'from', 'to', 'onTimeRate', 'completed', 'onTime', 'open', 'atRisk', 'overdue', 'meanWorkingDays', 'p90WorkingDays',
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
  ) {}

  @Get('summary')
  @ApiOkResponse({ type: SlaSummaryDto, description: '限时办结率 and friends, from pre-aggregated rows' })
  get(@Query() filter: SlaFilter): Promise<SlaSummaryDto> {
    return this.summary.summarize(filter);
  }

  @Get('summary.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The same summary as one CSV row under a header', type: String })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="sla-summary.csv"')
  async csv(@Query() filter: SlaFilter): Promise<string> {
    const s = await this.summary.summarize(filter);
    return writeCsv(CSV_COLUMNS, [CSV_COLUMNS.map((c) => s[c])]);
  }

  @Get('cases')
  @ApiOkResponse({ type: [SlaCaseDto], description: 'Overdue or at-risk clocks, most urgent first, with who holds them' })
  list(@Query() query: SlaCasesQuery): Promise<SlaCaseDto[]> {
    return this.cases.list(query);
  }

  @Get('forecast')
  @ApiOkResponse({ type: [ForecastDto], description: 'Green cases forecast to miss their due date' })
  breaches(@Query() query: ForecastQuery): Promise<ForecastDto[]> {
    return this.forecast.list(query);
  }
}
