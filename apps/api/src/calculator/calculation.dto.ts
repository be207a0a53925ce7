import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, Max, Min } from 'class-validator';

const PROGRAMS = ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] as const;

export class CalculationRequestDto {
  @ApiProperty({ enum: PROGRAMS })
  @IsIn(PROGRAMS)
  program: string;

  @ApiProperty({ example: 2019, minimum: 1900, maximum: 2200, description: 'The fiscal year the expenses or the recognition concern; picks the version' })
  @IsInt() @Min(1900) @Max(2200)
  year: number;

  @ApiProperty({
    description: 'The facts the program version needs (docs/PROGRAMS.md); a missing or malformed one is named as `facts.<name>`',
    example: { scale: 'above', isHighTech: false, rdExpenseFen: 3_000_000_000, blacklisted: false },
  })
  @IsObject()
  facts: Record<string, unknown>;
}

export class CalculationSplitDto {
  @ApiPropertyOptional() province?: number;
  @ApiPropertyOptional() city?: number;
  @ApiPropertyOptional() district?: number;
}

export class CalculationTraceDto {
  @ApiProperty() rule: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: 'The numbers the rule used' }) detail: string;
}

/** The calculator contract of docs/PROGRAMS.md, key for key (the CLI prints the same). */
export class CalculationDto {
  @ApiProperty() eligible: boolean;
  @ApiProperty({ description: 'Integer fen; 0 when not eligible' }) amountFen: number;
  @ApiProperty({ type: CalculationSplitDto, description: 'Only the parties paying a non-zero part; empty when not eligible' })
  split: CalculationSplitDto;
  @ApiProperty({ description: 'The label of the program version that judged it' }) version: string;
  @ApiProperty({ type: [CalculationTraceDto], description: 'Every rule; a refusal lists every failed one at once (一次性告知)' })
  trace: CalculationTraceDto[];
}
