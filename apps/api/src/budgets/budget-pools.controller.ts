import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { BudgetPoolDto, BudgetPoolListQuery, ClosedBudgetPoolDto, CreateBudgetPoolDto, TopUpBudgetPoolDto } from './budget-pool.dto';
import { BudgetPoolReader } from './budget-pool-reader';
import { CloseBudgetRound } from './close-budget-round';
import { CreateBudgetPool } from './create-budget-pool';
import { TopUpBudgetPool } from './top-up-budget-pool';

/** Budget pools (预算资金池) per program and year: administrators open and close rounds. */
@ApiTags('budget-pools')
@ApiBearerAuth()
@Controller('api/v1/budget-pools')
export class BudgetPoolsController {
  constructor(
    private readonly creation: CreateBudgetPool,
    private readonly closing: CloseBudgetRound,
    private readonly reader: BudgetPoolReader,
    private readonly topUps: TopUpBudgetPool,
  ) {}

  @Post()
  @Roles('administrator')
  @ApiCreatedResponse({ type: BudgetPoolDto })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  @ApiConflictResponse({ description: 'A pool for this program and year exists' })
  async create(@CurrentUser() principal: Principal, @Body() body: CreateBudgetPoolDto): Promise<BudgetPoolDto> {
    return this.reader.get(await this.creation.execute(principal, body));
  }

  @Get()
  @Roles('administrator', 'director', 'auditor')
  @ApiOkResponse({ type: [BudgetPoolDto], description: 'Pools with reserved and remaining money, newest year first' })
  @ApiBadRequestResponse({ description: 'Names each bad filter' })
  @ApiForbiddenResponse({ description: 'Not an administrator, director or auditor' })
  list(@Query() query: BudgetPoolListQuery): Promise<BudgetPoolDto[]> {
    return this.reader.list(query);
  }

  @Get(':id')
  @Roles('administrator', 'director', 'auditor')
  @ApiOkResponse({ type: BudgetPoolDto })
  @ApiForbiddenResponse({ description: 'Not an administrator, director or auditor' })
  @ApiNotFoundResponse({ description: 'No such pool' })
  get(@Param('id', UuidParam) id: string): Promise<BudgetPoolDto> {
    return this.reader.get(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('administrator')
  @ApiOkResponse({ type: ClosedBudgetPoolDto, description: 'Closed; a pro-rata round lists the amounts it reduced' })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  @ApiNotFoundResponse({ description: 'No such pool' })
  @ApiConflictResponse({ description: 'The round is closed already' })
  close(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<ClosedBudgetPoolDto> {
    return this.closing.execute(principal, id);
  }

  @Post(':id/top-ups')
  @Roles('administrator')
  @ApiCreatedResponse({ type: BudgetPoolDto, description: 'Topped up (audited); cases waiting for this money move on' })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  @ApiNotFoundResponse({ description: 'No such pool' })
  @ApiConflictResponse({ description: 'The round is closed' })
  async topUp(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: TopUpBudgetPoolDto,
  ): Promise<BudgetPoolDto> {
    await this.topUps.execute(principal, id, body);
    return this.reader.get(id);
  }
}
