import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

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
  @ApiPropertyOptional({ enum: ['open', 'mine'] }) @IsOptional() @IsIn(['open', 'mine']) scope?: 'open' | 'mine';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class TaskDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() stage: string;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty() candidateRole: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
  @ApiProperty() program: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ nullable: true, type: Number }) amountFen: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) eligible: boolean | null;
}
