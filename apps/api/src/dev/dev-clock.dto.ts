import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How far to move the development clock forward: whole days or whole hours, one of the two. */
export class MoveDevClockDto {
  @ApiPropertyOptional({ example: 3, description: 'Whole days forward (1–366); give this or `hours`' })
  @IsOptional() @IsInt() @Min(1) @Max(366)
  days?: number;

  @ApiPropertyOptional({ example: 12, description: 'Whole hours forward (1–8784); give this or `days`' })
  @IsOptional() @IsInt() @Min(1) @Max(8784)
  hours?: number;
}

export class DevClockDto {
  @ApiProperty({ description: 'How far the development clock runs ahead of the real one, in milliseconds' })
  offsetMs: number;

  @ApiProperty({ description: 'The system\'s "now" with the offset (ISO 8601)' })
  now: string;

  @ApiProperty({ description: 'The Asia/Shanghai calendar day of that instant (YYYY-MM-DD)' })
  today: string;
}
