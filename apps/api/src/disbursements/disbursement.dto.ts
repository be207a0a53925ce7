import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class BuildBatchDto {
  @ApiPropertyOptional({ type: [String], description: 'Approved cases to pay; all approved unpaid cases when omitted' })
  @IsOptional() @IsArray() @ArrayMaxSize(5000) @IsUUID('all', { each: true })
  applicationIds?: string[];
}

export class PaymentResultDto {
  @ApiProperty({ enum: ['paid', 'failed'] })
  @IsIn(['paid', 'failed'])
  status: 'paid' | 'failed';

  @ApiPropertyOptional({ description: "The treasury's reference or the reason of a failure" })
  @IsOptional() @IsString() @Length(1, 500)
  note?: string;
}

export class DisbursementDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() instructionId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: ['pending', 'paid', 'failed'] }) status: string;
}

export class BatchDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['draft', 'approved', 'closed'] }) status: string;
  @ApiProperty() totalFen: number;
  @ApiProperty() createdBy: string;
  @ApiProperty({ nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty({ type: [DisbursementDto] }) payments: DisbursementDto[];
}
