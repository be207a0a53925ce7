import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class RateDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 (very dissatisfied) … 5 (very satisfied); 2 or less is a 差评' })
  @IsInt() @Min(1) @Max(5)
  score: number;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @IsString() @Length(1, 1000)
  comment?: string;
}

export class CallbackDto {
  @ApiProperty({ description: 'What the call-back (回访) found and what was done' })
  @IsString() @Length(2, 2000)
  notes: string;
}

export class RatingDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() program: string;
  @ApiProperty({ description: 'The review stage that concluded the case' }) stage: string;
  @ApiProperty({ enum: ['approved', 'paid', 'refused'] }) outcome: string;
  @ApiProperty() score: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ enum: ['none', 'open', 'closed'] }) rectificationStatus: string;
  @ApiProperty({ nullable: true, type: String, example: '2024-05-08' }) rectificationDueOn: string | null;
  @ApiProperty({ nullable: true, type: String }) callbackNotes: string | null;
  @ApiProperty({ nullable: true, type: String }) callbackAt: string | null;
  @ApiProperty() createdAt: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SummaryQuery {
  @ApiPropertyOptional({ example: 'innovation-voucher' }) @IsOptional() @IsString() @Length(1, 64) program?: string;
  @ApiPropertyOptional({ example: '2024-01-01', description: 'First day (Shanghai), inclusive' })
  @IsOptional() @Matches(DAY) from?: string;
  @ApiPropertyOptional({ example: '2024-12-31', description: 'Last day (Shanghai), inclusive' })
  @IsOptional() @Matches(DAY) to?: string;
}

export class SummaryRowDto {
  @ApiProperty() program: string;
  @ApiProperty() stage: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'Mean score, two decimals' }) mean: number;
  @ApiProperty({ description: 'Share of 差评 (score ≤ 2), 0…1' }) badShare: number;
  @ApiProperty() openRectifications: number;
}

export class RectificationQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}
