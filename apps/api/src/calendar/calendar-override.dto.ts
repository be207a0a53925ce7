import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';

export const OVERRIDE_KINDS = ['holiday', 'workday'] as const;

export class CalendarOverrideInput {
  @ApiProperty({ example: '2020-01-31', description: 'An Asia/Shanghai calendar day, YYYY-MM-DD' })
  @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be a calendar day YYYY-MM-DD' })
  date: string;

  @ApiProperty({ enum: OVERRIDE_KINDS, description: 'holiday: no working day; workday: a working day (调休)' })
  @IsIn(OVERRIDE_KINDS)
  kind: 'holiday' | 'workday';

  @ApiProperty({ example: '国务院办公厅关于延长2020年春节假期的通知', description: 'Why (kept in the audit log)' })
  @IsString() @Length(2, 500)
  reason: string;
}

export class CalendarOverrideDto {
  @ApiProperty() date: string;
  @ApiProperty({ enum: OVERRIDE_KINDS }) kind: 'holiday' | 'workday';
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) changedBy: string | null;
  @ApiProperty() updatedAt: string;
}
