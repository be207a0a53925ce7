import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Filters of every SLA view. `stage` selects a stage clock instead of the case clock (承诺时限). */
export class SlaFilter {
  @ApiPropertyOptional({ description: 'Completed from this day (Asia/Shanghai, inclusive)', example: '2026-01-01' })
  @IsOptional() @Matches(DAY, { message: 'from must be a calendar day YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Completed up to this day (inclusive)', example: '2026-12-31' })
  @IsOptional() @Matches(DAY, { message: 'to must be a calendar day YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ example: 'innovation-voucher' })
  @IsOptional() @IsString() @Length(1, 40)
  program?: string;

  @ApiPropertyOptional({ description: 'A stage code: figures of that stage\'s own clock', example: 'acceptance' })
  @IsOptional() @IsString() @Length(1, 32)
  stage?: string;

  @ApiPropertyOptional({ description: 'District code of the enterprise', example: '350102' })
  @IsOptional() @Matches(/^\d{6}$/, { message: 'region must be a six-digit district code' })
  region?: string;

  @ApiPropertyOptional({ description: 'Account id of a reviewer: stages they decided, cases they hold' })
  @IsOptional() @IsUUID()
  reviewer?: string;
}

export class SlaSummaryDto {
  @ApiProperty({ description: 'The clock: "case" (承诺时限) or a stage code' }) clock: string;
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '限时办结率: onTime / completed; null when nothing completed' })
  onTimeRate: number | null;
  @ApiProperty() completed: number;
  @ApiProperty() onTime: number;
  @ApiProperty({ description: 'Open now (period does not apply)' }) open: number;
  @ApiProperty({ description: 'Running and yellow now' }) atRisk: number;
  @ApiProperty({ description: 'Running and past the due date now (red)' }) overdue: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean working days used by completed clocks' })
  meanWorkingDays: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '90th percentile of working days used' })
  p90WorkingDays: number | null;
}

/** The dashboard's monthly chart: the completed figures of each month of one year, in one request. */
export class SlaMonthsQuery extends OmitType(SlaFilter, ['from', 'to'] as const) {
  @ApiProperty({ description: 'The calendar year (Asia/Shanghai)', example: 2026 })
  @Type(() => Number) @IsInt({ message: 'year must be a whole number' }) @Min(2000) @Max(2100)
  year: number;
}

export class SlaMonthDto {
  @ApiProperty({ description: 'The month, YYYY-MM', example: '2026-01' }) month: string;
  @ApiProperty({ description: 'The clock: "case" (承诺时限) or a stage code' }) clock: string;
  @ApiProperty({ description: 'First day of the month' }) from: string;
  @ApiProperty({ description: 'Last day of the month' }) to: string;
  @ApiProperty({ nullable: true, type: Number, description: '限时办结率 of the clocks completed that month; null when none' })
  onTimeRate: number | null;
  @ApiProperty() completed: number;
  @ApiProperty() onTime: number;
  @ApiProperty({ nullable: true, type: Number }) meanWorkingDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90WorkingDays: number | null;
}

export const SLA_LEVELS = ['overdue', 'at-risk'] as const;

export class SlaCasesQuery extends SlaFilter {
  @ApiProperty({ enum: SLA_LEVELS })
  @IsIn(SLA_LEVELS)
  level: (typeof SLA_LEVELS)[number];

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

export class SlaHolderDto {
  @ApiProperty() taskId: string;
  @ApiProperty() stage: string;
  @ApiProperty({ description: 'Role whose queue holds it when nobody claimed it' }) candidateRole: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeName: string | null;
}

export class SlaCaseDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: 'The case number its messages name (e.g. 2026-00012345)' }) caseNumber: string;
  @ApiProperty() program: string;
  @ApiProperty() status: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: '"case" or a stage code' }) clock: string;
  @ApiProperty() yellowOn: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ description: 'Working days past the due date (0 while at risk)' }) overdueWorkingDays: number;
  @ApiProperty({ type: [SlaHolderDto], description: 'Who holds it: the open tasks, claimed or not' }) holders: SlaHolderDto[];
}

export class ForecastDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: 'The case number its messages name (e.g. 2026-00012345)' }) caseNumber: string;
  @ApiProperty() program: string;
  @ApiProperty() status: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() dueOn: string;
  @ApiProperty() yellowOn: string;
  @ApiProperty({ description: 'Expected 办结 day from stage throughput and queue depth' }) expectedOn: string;
  @ApiProperty({ description: 'Working days the forecast lands past the due date' }) expectedLateDays: number;
  @ApiProperty({ type: [String], description: 'Stages still ahead, with the current one first' }) stagesAhead: string[];
}

export class ForecastQuery extends SlaFilter {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

/** The reviewers' workload: the period of their decisions (what they hold is now, whatever the period). */
export class ReviewerWorkloadQuery extends PickType(SlaFilter, ['from', 'to'] as const) {}

export class ReviewerWorkloadDto {
  @ApiProperty({ description: 'Account id (the summary\'s `reviewer` filter)' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String], description: 'Their roles: one at least decides review tasks (district_reviewer, city_reviewer, director)' })
  roles: string[];
  @ApiProperty({ nullable: true, type: String, description: 'District code; null = city-wide' }) regionCode: string | null;
  @ApiProperty({ description: 'Review tasks claimed by or assigned to them, open now (their queue\'s 我的)' }) held: number;
  @ApiProperty({ description: 'Of those, yellow now by the stage\'s own deadline (the queue\'s colour)' }) atRisk: number;
  @ApiProperty({ description: 'Of those, past the stage\'s own deadline now (red)' }) overdue: number;
  @ApiProperty({ description: 'Stage clocks their decisions stopped in the period (approve, return for 补正, refuse): the summary\'s `completed` for this reviewer' })
  decided: number;
  @ApiProperty({ description: 'Of those, decided within the stage\'s limit' }) onTime: number;
  @ApiProperty({ nullable: true, type: Number, description: 'onTime / decided; null when nothing decided' }) onTimeRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean working days a stage they decided took; null when nothing decided' })
  meanWorkingDays: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Their latest task decision, ever (not only in the period); null: never' })
  lastDecisionAt: string | null;
}
