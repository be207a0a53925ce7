import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiProperty, ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { DecideTask } from './decide-task';
import { BatchApproveTasks } from './batch-approve-tasks';
import {
  AssignDto, BatchApproveDto, BatchOutcomeDto, DecisionDto, ReassignmentDto, ReassignmentResultDto, TaskDto, TaskQuery, VersionDto,
} from './task.dto';
import { TaskQueue } from './task-queue';

class DecisionResultDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'The approval of a large amount now waits for a director (分级审批)' }) awaitingDirector: boolean;
  @ApiProperty({ description: 'The final approval is kept but waits for its budget pool (none, or too little); it proceeds when the pool is created or topped up' })
  awaitingBudget: boolean;
}

const REVIEWERS = ['district_reviewer', 'city_reviewer', 'expert', 'director'] as const;

@ApiTags('review tasks')
@ApiBearerAuth()
@Roles(...REVIEWERS)
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    private readonly queue: TaskQueue,
    private readonly decide: DecideTask,
    private readonly batch: BatchApproveTasks,
  ) {}

  @Get()
  @Roles(...REVIEWERS, 'administrator')
  @ApiOkResponse({
    type: [TaskDto],
    description: "Open tasks for your role and district, and yours; by due date. Directors and administrators see every role's tasks of their scope (scope=all: claimed ones too)",
  })
  list(@CurrentUser() principal: Principal, @Query() query: TaskQuery): Promise<TaskDto[]> {
    return this.queue.list(principal, query);
  }

  @Get(':id')
  @Roles(...REVIEWERS, 'administrator')
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<TaskDto> {
    return this.queue.visible(principal, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  @ApiForbiddenResponse({ description: 'You may not decide it (role, conflict, four eyes): the decision’s rule and message' })
  @ApiConflictResponse({ description: 'Someone claimed it first, or the version is stale' })
  claim(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: VersionDto): Promise<TaskDto> {
    return this.queue.claim(principal, id, body.version);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse()
  release(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: VersionDto): Promise<TaskDto> {
    return this.queue.release(principal, id, body.version);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('director')
  @ApiOkResponse({ type: TaskDto, description: 'A team lead reassigns the task' })
  @ApiBadRequestResponse({ description: 'The assignee may not take it' })
  @ApiConflictResponse()
  assign(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: AssignDto): Promise<TaskDto> {
    return this.queue.assign(principal, id, body.version, body.assigneeId);
  }

  @Post('reassignments')
  @HttpCode(200)
  @Roles('director')
  @ApiOkResponse({ type: ReassignmentResultDto, description: "Every task an absent reviewer holds, moved at once and audited" })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  reassign(@CurrentUser() principal: Principal, @Body() body: ReassignmentDto): Promise<ReassignmentResultDto> {
    return this.queue.reassignAll(principal, body);
  }

  @Post('batch-approval')
  @HttpCode(200)
  @ApiOkResponse({ type: [BatchOutcomeDto], description: 'Each task approved in its own transaction; one outcome per task' })
  batchApprove(@CurrentUser() principal: Principal, @Body() body: BatchApproveDto): Promise<BatchOutcomeDto[]> {
    return this.batch.execute(principal, body);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  @ApiForbiddenResponse({ description: 'Not your role, a declared conflict, four eyes, or claimed by someone else' })
  @ApiConflictResponse({ description: 'Stale version' })
  @ApiNotFoundResponse()
  decision(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: DecisionDto,
  ): Promise<DecisionResultDto> {
    return this.decide.execute(principal, id, body);
  }
}
