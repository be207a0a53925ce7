import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How far to move the development clock forward: whole days, whole hours or working days, one of them. */
export class MoveDevClockDto {
  @ApiPropertyOptional({ example: 3, description: 'Whole days forward (1–366); give this, `hours` or `workingDays`' })
  @IsOptional() @IsInt() @Min(1) @Max(366)
  days?: number;

  @ApiPropertyOptional({ example: 12, description: 'Whole hours forward (1–8784); give this, `days` or `workingDays`' })
  @IsOptional() @IsInt() @Min(1) @Max(8784)
  hours?: number;

  @ApiPropertyOptional({ example: 2, description: 'Working days forward (1–250): to the same time of day that many working days on, by the working-day calendar; give this, `days` or `hours`' })
  @IsOptional() @IsInt() @Min(1) @Max(250)
  workingDays?: number;
}

export class DevClockDto {
  @ApiProperty({ description: 'How far the development clock runs ahead of the real one, in milliseconds' })
  offsetMs: number;

  @ApiProperty({ description: 'The system\'s "now" with the offset (ISO 8601)' })
  now: string;

  @ApiProperty({ description: 'The Asia/Shanghai calendar day of that instant (YYYY-MM-DD)' })
  today: string;
}
