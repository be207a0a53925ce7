import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** The programs whose versions may make offers (免申即享); the version of the year must say `autoOffer`. */
export const OFFER_PROGRAMS = ['rd-subsidy', 'high-tech-reward'] as const;

export class OfferImportQuery {
  @ApiProperty({ enum: OFFER_PROGRAMS })
  @IsIn(OFFER_PROGRAMS)
  program: string;

  @ApiProperty({ example: 2025, minimum: 2000, maximum: 2100, description: 'The fiscal year the facts concern' })
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year: number;
}

export class OfferImportDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: OFFER_PROGRAMS }) program: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Hex SHA-256 of the file; the same file for the same program and year is one import' })
  sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ description: 'Data rows in the file (without the header)' }) rowsTotal: number;
  @ApiProperty({ description: 'Rows handled so far' }) rowsDone: number;
  @ApiProperty({ description: 'Rows that opened a case awaiting the enterprise\'s confirmation' }) created: number;
  @ApiProperty({ description: 'Rows whose enterprise already has an open case of this program and year' }) existing: number;
  @ApiProperty({ description: 'Rows the calculator found not eligible (no case)' }) ineligible: number;
  @ApiProperty({ description: 'Rows with errors (see /errors)' }) bad: number;
  @ApiProperty({ nullable: true, type: String }) failure: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class OfferImportErrorDto {
  @ApiProperty({ description: 'Line in the file (1 is the header)' }) line: number;
  @ApiProperty({ description: "The column at fault ('line' when the row itself is malformed)" }) field: string;
  @ApiProperty() message: string;
}

export class OfferImportErrorsQuery {
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class OfferAnswerDto {
  @ApiProperty({ description: 'The case version you saw (compare-and-set)' })
  @IsInt() @Min(1)
  version: number;
}
