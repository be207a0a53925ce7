import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class HolderDto {
  @ApiProperty() accountId: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
}

export class EscalationLevelDto {
  @ApiProperty({ description: '1: overdue (red); each further level stepDays working days later' }) level: number;
  @ApiProperty({ example: 'section_head' }) post: string;
  @ApiProperty({ example: '科长' }) titleZh: string;
  @ApiProperty({ type: [HolderDto], description: 'Who hears of this level (the directors while nobody holds it)' }) holders: HolderDto[];
}

export class EscalationChainDto {
  @ApiProperty() program: string;
  @ApiProperty({ description: 'The program version whose chain this is (the newest)' }) version: string;
  @ApiProperty({ description: 'Working days overdue per further level' }) stepDays: number;
  @ApiProperty({ type: [EscalationLevelDto] }) levels: EscalationLevelDto[];
}

export class SetHoldersDto {
  @ApiProperty({ type: [String], description: 'The accounts that hold the post from now on (replaces the list; empty clears it)' })
  @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  accountIds: string[];

  @ApiProperty({ description: 'Why, for the audit log' })
  @IsString() @Length(2, 500) @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class EscalationQuery {
  @ApiPropertyOptional({ enum: ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] })
  @IsOptional() @IsIn(['innovation-voucher', 'rd-subsidy', 'high-tech-reward'])
  program?: string;
}

export class LevelCountDto {
  @ApiProperty() level: number;
  @ApiProperty() post: string;
  @ApiProperty() titleZh: string;
  @ApiProperty({ description: 'Running clocks whose highest alarm of this run is this level' }) count: number;
}

export class EscalatedClockDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() program: string;
  @ApiProperty({ description: "'case' (承诺时限) or a stage" }) clock: string;
  @ApiProperty() level: number;
  @ApiProperty() post: string;
  @ApiProperty() titleZh: string;
  @ApiProperty({ description: 'When this level was reached' }) since: string;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
}

export class EscalationsDto {
  @ApiProperty({ type: [LevelCountDto] }) levels: LevelCountDto[];
  @ApiProperty({ type: [EscalatedClockDto], description: 'Highest level first, longest escalated first' }) clocks: EscalatedClockDto[];
}
