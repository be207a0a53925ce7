import { ERROR_CODES, ErrorCode } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf, ValidateNested,
} from 'class-validator';

export const DECISIONS = ['approve', 'return', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];

export class DecisionDto {
  @ApiProperty({ description: 'The task version you saw (compare-and-set); a stale one is a 409' })
  @IsInt() @Min(1)
  version: number;

  @ApiProperty({ enum: DECISIONS, description: 'approve; return for 补正; refuse' })
  @IsIn(DECISIONS)
  decision: Decision;

  @ApiProperty({ description: 'Every decision names its reason' })
  @IsString() @Length(2, 2000)
  reason: string;

  @ApiPropertyOptional({ type: [String], description: 'For a return: every missing item at once (一次性告知)' })
  @ValidateIf((o: DecisionDto) => o.decision === 'return')
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true })
  missingItems?: string[];
}

export class VersionDto {
  @ApiProperty({ description: 'The task version you saw' })
  @IsInt() @Min(1)
  version: number;
}

export class TaskQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) stage?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) program?: string;
  @ApiPropertyOptional({ enum: ['open', 'mine', 'all'], description: "'all' (leads): open and claimed tasks, whoever holds them" })
  @IsOptional() @IsIn(['open', 'mine', 'all']) scope?: 'open' | 'mine' | 'all';
  @ApiPropertyOptional({ description: 'Only the tasks this reviewer holds (leads)' }) @IsOptional() @IsUUID() assignee?: string;
  @ApiPropertyOptional({ description: 'District code' }) @IsOptional() @Matches(/^\d{6}$/) region?: string;
  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red'], description: 'SLA colour of the stage clock' })
  @IsOptional() @IsIn(['green', 'yellow', 'red']) colour?: 'green' | 'yellow' | 'red';
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AssignDto {
  @ApiProperty({ description: 'The task version you saw' })
  @IsInt() @Min(1)
  version: number;

  @ApiProperty({ description: 'The reviewer who gets the task' })
  @IsUUID()
  assigneeId: string;
}

export class BatchItemDto {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class BatchApproveDto {
  @ApiProperty({ type: [BatchItemDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => BatchItemDto)
  tasks: BatchItemDto[];

  @ApiProperty()
  @IsString() @Length(2, 2000)
  reason: string;
}

export class BatchOutcomeDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'HTTP status this task alone would have got' }) statusCode: number;
  @ApiPropertyOptional() caseStatus?: string;
  @ApiPropertyOptional({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'The error code this task alone would have got' })
  code?: ErrorCode;
  @ApiPropertyOptional() error?: string;
}

export class TaskDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['review', 'director'], description: "'director': the second approval of a large amount (分级审批)" })
  kind: string;
  @ApiProperty() enteredTransitionId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() stage: string;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty() candidateRole: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The stage's own deadline (本环节期限): the task's due day" })
  dueOn: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The case's promised deadline (承诺办结期限: the case clock, which the SLA dashboard's overdue count is about); null while it has none",
  })
  caseDueOn: string | null;
  @ApiProperty() program: string;
  @ApiProperty({ description: 'The case number its messages name (e.g. 2026-00012345)' }) caseNumber: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ nullable: true, type: Number }) amountFen: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) eligible: boolean | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "status 'awaiting_budget': the final approval was given and waits for its budget pool; this says why (no pool, too little left)",
  })
  awaitingBudget: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['green', 'yellow', 'red'], description: 'SLA colour of the stage clock today' })
  colour?: 'green' | 'yellow' | 'red' | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Working days left to the due day (negative: overdue)' })
  workingDaysLeft?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: "Working days left to the case's promised deadline (negative: overdue)" })
  caseWorkingDaysLeft?: number | null;
}

export class ReassignmentDto {
  @ApiProperty({ description: 'The reviewer who is away: every task they hold in your scope moves' })
  @IsUUID()
  fromAssigneeId: string;

  @ApiPropertyOptional({ description: 'The colleague who takes them; without one they go back to the open queue' })
  @IsOptional() @IsUUID()
  toAssigneeId?: string;

  @ApiProperty({ description: 'Why, for the audit log', example: '年休假 12月1日至12日' })
  @IsString() @Length(2, 500) @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class MovedTaskDto {
  @ApiProperty() taskId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() assigneeId: string;
}

export class ReleasedTaskDto {
  @ApiProperty() taskId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: 'Why the colleague may not take it; it is back in the open queue' }) reason: string;
}

export class ReassignmentResultDto {
  @ApiProperty({ type: [MovedTaskDto] }) moved: MovedTaskDto[];
  @ApiProperty({ type: [ReleasedTaskDto] }) released: ReleasedTaskDto[];
}
