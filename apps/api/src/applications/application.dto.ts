import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { SYSTEM_REASON_CODES, type SystemReasonCode } from '@app/domain';
import { MaterialDto } from '../materials/material.dto';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';

export const PROGRAM_CODES = ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] as const;

export class SubmitApplicationDto {
  @ApiProperty({ enum: PROGRAM_CODES })
  @IsIn(PROGRAM_CODES)
  program: string;

  @ApiProperty({
    example: 2024,
    minimum: 2000,
    maximum: 2100,
    description: 'The fiscal year the expenses or the recognition concern',
  })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({
    description:
      'The facts of the program (see GET /api/v1/programs). Region, scale, qualifications and the blacklist flag come from the enterprise profile, not from here.',
    example: { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false },
  })
  @IsObject()
  facts: Record<string, unknown>;
}

export class VerifyFactsDto {
  @ApiProperty({
    type: [String],
    example: ['isHighTech'],
    description: "Facts of the case's unverifiedFacts the reviewer checked against the evidence",
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  facts: string[];
}

export class WithdrawDto {
  @ApiProperty({ description: 'The case version you saw (compare-and-set)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 500)
  reason?: string;
}

export class SupplementDto {
  @ApiProperty({ description: 'The case version you saw (compare-and-set)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ description: 'What was handed in, answering each missing item' })
  @IsString()
  @Length(2, 2000)
  note: string;
}

export class TraceStepDto {
  @ApiProperty() rule: string;
  @ApiProperty() passed: boolean;
  @ApiProperty() detail: string;
}

export class TimelineEntryDto {
  @ApiProperty() at: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() action: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The stored reason: a person\'s words, or the English text of a system reason (what the audit holds)',
  })
  reason: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: SYSTEM_REASON_CODES,
    description: 'Which system reason `reason` is, for saying it in the reader\'s language; null for a person\'s words',
  })
  reasonCode: SystemReasonCode | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'The parameters of the system reason `reasonCode` names (e.g. screened: {provisional}; screening-refused: {failed: [{rule, detail}], ' +
      'provisional}; escalated: {clock, level, post?, titleZh?}; returned: {reason, items}; offer-lapsed and supplement-lapsed: {by}); null with it',
  })
  reasonParams: Record<string, unknown> | null;
}

export class CaseClockDto {
  @ApiProperty({ enum: ['not-started', 'running', 'paused', 'stopped'] }) state: string;
  @ApiProperty({ nullable: true, type: String, description: 'YYYY-MM-DD; null while suspended' }) due:
    string | null;
  @ApiProperty() countedDays: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Working days left to the due day; 0 once it has passed' }) remainingDays: number | null;
  @ApiProperty({ description: 'Working days counted past the due day; 0 while not overdue' }) overdueDays: number;
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) level: string;
  @ApiProperty() limitDays: number;
}

export class CurrentStageDto {
  @ApiProperty({ description: 'The stage the case is in (a review stage, 补正, 公示, …)' }) stage: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The stage clock's due date, when the stage has one",
  })
  dueOn: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the public notice ends, or the 补正 answer is due',
  })
  endsAt: string | null;
}

export class AwaitingBudgetDto {
  @ApiProperty({ description: 'When the final approval began to wait for its budget (ISO 8601)' })
  since: string;
  @ApiProperty({ description: 'Why: no budget pool for the program and year, or too little left in it' })
  reason: string;
}

/**
 * What POST /applications answers (201, or 200 for a repeated Idempotency-Key): the case's id and where it
 * stands, without the full case view (timeline, clock, forecast) a submission has no use for yet and a
 * deadline-day burst cannot afford. GET /applications/:id has the rest.
 */
export class SubmittedApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: "'submitted' when just created; the case's current status for a repeated key" })
  status: string;
  @ApiProperty({ description: 'Send it back with any change (compare-and-set)' }) version: number;
  @ApiProperty() program: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'The number the enterprise quotes (year and the first digits of the id)', example: '2026-1A2B3C4D' })
  caseNumber: string;
}

export class SupplementRequestDto {
  @ApiProperty({ type: [String], description: 'What is missing, one item at a time (一次性告知)' })
  items: string[];
  @ApiProperty({ description: 'When the answer time runs out (the case then lapses)' }) answerBy: string;
}

export class ApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty({
    description: 'The number people quote: the fiscal year and the first eight characters of the id',
    example: '2024-3F2A9C1B',
  })
  caseNumber: string;
  @ApiProperty() enterpriseId: string;
  @ApiProperty() program: string;
  @ApiProperty() programVersion: string;
  @ApiProperty() year: number;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'Send it back with any change (compare-and-set)' }) version: number;
  @ApiProperty({ nullable: true, type: Boolean }) eligible: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) amountFen: number | null;
  @ApiProperty({
    description: 'True while the amount rests on facts the enterprise declared and nobody verified yet',
  })
  amountProvisional: boolean;
  @ApiProperty({
    type: [String],
    description:
      'Facts of the amount resting on declared profile fields (e.g. isHighTech ← highTechCertNo); acceptance approves only once a reviewer verified them',
  })
  unverifiedFacts: string[];
  @ApiProperty({ nullable: true, type: Object }) split: Record<string, number> | null;
  @ApiProperty({ type: [TraceStepDto], nullable: true }) trace: TraceStepDto[] | null;
  @ApiProperty({ type: Object }) facts: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({ nullable: true, type: String }) noticeEndsAt: string | null;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({
    type: AwaitingBudgetDto,
    nullable: true,
    description:
      'Set while the final approval is given but waits for the budget pool; it proceeds when the bureau funds it',
  })
  awaitingBudget: AwaitingBudgetDto | null;
  @ApiPropertyOptional({ type: CaseClockDto }) clock?: CaseClockDto;
  @ApiPropertyOptional({ type: CurrentStageDto, nullable: true }) currentStage?: CurrentStageDto | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'Expected 办结 day: the review stages ahead at their recent pace (README, "Breach forecast"), then the 公示 period; null when the clock is not running',
  })
  expectedCompletionOn?: string | null;
  @ApiPropertyOptional({
    type: [MaterialDto],
    description: 'The documents handed in (download each at /api/v1/materials/:id/content)',
  })
  materials?: MaterialDto[];
  @ApiPropertyOptional({
    type: SupplementRequestDto,
    nullable: true,
    description: 'While returned for 补正: the items and the answer deadline',
  })
  supplement?: SupplementRequestDto | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '免申即享: when the offer lapses unless confirmed',
  })
  confirmBy?: string | null;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Required materials of the version not handed in yet (acceptance approves only when none is)',
  })
  materialsMissing?: string[];
  @ApiPropertyOptional({ type: [TimelineEntryDto] }) timeline?: TimelineEntryDto[];
}

export class ApplicationListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) status?: string;
  @ApiPropertyOptional({ enum: PROGRAM_CODES }) @IsOptional() @IsIn(PROGRAM_CODES) program?: string;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class ScreeningOverrideDto {
  @ApiProperty({ description: 'The case version you saw (compare-and-set)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({
    description: "The director's written reason, for the case's history and the audit log",
    minLength: 10,
  })
  @IsString()
  @Length(10, 2000)
  reason: string;

  @ApiPropertyOptional({
    description:
      'Facts as the bureau verified them (they replace the case’s); the amount is recomputed from them',
  })
  @IsOptional()
  @IsObject()
  facts?: Record<string, unknown>;
}
