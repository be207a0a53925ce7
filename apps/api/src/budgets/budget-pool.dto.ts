import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PROGRAM_CODES } from '@app/domain';

export const ALLOCATIONS = ['first-come', 'pro-rata'] as const;

export class CreateBudgetPoolDto {
  @ApiProperty({ enum: PROGRAM_CODES })
  @IsIn(PROGRAM_CODES)
  program: string;

  @ApiProperty({ example: 2024, minimum: 2000, maximum: 2100, description: 'The fiscal year whose cases the pool funds' })
  @IsInt() @Min(2000) @Max(2100)
  year: number;

  @ApiProperty({ example: 500_000_000, description: 'The money of the round, in fen' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  totalFen: number;

  @ApiProperty({
    enum: ALLOCATIONS,
    description:
      "'first-come': an approval the pool cannot cover is refused (409). 'pro-rata' (按比例核减): approvals are " +
      'taken while the round is open, and closing an oversubscribed round scales every unpaid amount down to fit.',
  })
  @IsIn(ALLOCATIONS)
  allocation: (typeof ALLOCATIONS)[number];
}

export class TopUpBudgetPoolDto {
  @ApiProperty({ example: 100_000_000, description: 'Money added to the round, in fen (≥ 1)' })
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  amountFen: number;

  @ApiProperty({ example: '追加预算（2026年第二批）', description: 'Why (the budget document), kept in the audit log' })
  @IsString() @Length(1, 500)
  reason: string;
}

export class BudgetPoolListQuery {
  @ApiPropertyOptional({ enum: PROGRAM_CODES })
  @IsOptional() @IsIn(PROGRAM_CODES)
  program?: string;

  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;
}

export class BudgetPoolDto {
  @ApiProperty() id: string;
  @ApiProperty() program: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ALLOCATIONS }) allocation: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ description: 'fen' }) totalFen: number;
  @ApiProperty({ description: 'fen held by approved cases (paid or not)' }) reservedFen: number;
  @ApiProperty({ description: 'fen still free: total − reserved, never below 0' }) remainingFen: number;
  @ApiProperty({ description: 'fen a pro-rata round is over its total (0 when it fits)' }) oversubscribedFen: number;
  @ApiProperty({ description: 'cases holding a reservation' }) cases: number;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ description: 'How many times the total was topped up' }) topUps: number;
  @ApiProperty({ description: 'Cases whose final approval waits for this program-year\'s money' }) waitingCases: number;
  @ApiProperty({ description: 'fen those waiting cases need' }) waitingFen: number;
}

export class ReductionDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() fromFen: number;
  @ApiProperty() toFen: number;
}

export class ClosedBudgetPoolDto extends BudgetPoolDto {
  @ApiProperty({ type: [ReductionDto], description: '按比例核减: every amount the closing changed' })
  reductions: ReductionDto[];
}
