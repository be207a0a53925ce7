import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';

export class NoticeEntryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() program: string;
  @ApiProperty() year: number;
  @ApiProperty() amountFen: number;
  @ApiProperty() noticeEndsAt: string;
}

export class FileObjectionDto {
  @ApiProperty({ description: 'Who objects (a name or organisation)' })
  @IsString() @Length(2, 200)
  filedBy: string;

  @ApiProperty({ description: 'How to reach them (kept from public view)' })
  @IsString() @Length(3, 200)
  contact: string;

  @ApiProperty()
  @IsString() @Length(5, 5000)
  reason: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ description: 'true: the objection holds and the case is refused; false: dismissed' })
  @IsBoolean()
  upheld: boolean;

  @ApiProperty()
  @IsString() @Length(2, 2000)
  reason: string;
}

export class ObjectionDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() filedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['open', 'upheld', 'dismissed'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty() createdAt: string;
}
