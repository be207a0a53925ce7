import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length } from 'class-validator';

export class ScoresDto {
  @ApiProperty({ description: 'A score per criterion code of the program version, 0..maxScore', example: { data_consistency: 35 } })
  @IsObject()
  scores: Record<string, number>;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @Length(1, 2000)
  comment?: string;
}

export class CriterionDto {
  @ApiProperty() code: string;
  @ApiProperty() nameZh: string;
  @ApiPropertyOptional({ description: 'Its name on English pages (absent: the Chinese name there too)' }) nameEn?: string;
  @ApiProperty() maxScore: number;
}

export class ExpertSeatDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() program: string;
  @ApiProperty({ nullable: true, type: Number }) amountFen: number | null;
  @ApiProperty({ type: [CriterionDto] }) criteria: CriterionDto[];
  @ApiProperty() thresholdScore: number;
  @ApiProperty({ nullable: true, type: Object }) scores: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
}

export class ScoreResultDto {
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: 'Seats still to score' }) remaining: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The panel mean, once every seat scored' }) mean: number | null;
  @ApiProperty() status: string;
}
