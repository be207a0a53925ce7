import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces,
  ApiProperty, ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { BatchDto, BuildBatchDto, PaymentResultDto } from './disbursement.dto';
import { Disbursements } from './disbursements';

class ResultDto {
  @ApiProperty() status: string;
}

@ApiTags('disbursement')
@ApiBearerAuth()
@Controller('api/v1/disbursements')
export class DisbursementsController {
  constructor(private readonly disbursements: Disbursements) {}

  @Post('batches')
  @Roles('administrator')
  @ApiCreatedResponse({ type: BatchDto })
  @ApiConflictResponse({ description: 'Nothing to pay' })
  build(@CurrentUser() principal: Principal, @Body() body: BuildBatchDto): Promise<BatchDto> {
    return this.disbursements.build(principal, body);
  }

  @Get('batches')
  @Roles('administrator', 'director', 'auditor')
  @ApiOkResponse({ type: [BatchDto], description: 'The latest 50 batches, drafts (awaiting a director) first' })
  list(): Promise<BatchDto[]> {
    return this.disbursements.list();
  }

  @Get('batches/:id')
  @Roles('administrator', 'director', 'auditor')
  @ApiOkResponse({ type: BatchDto })
  @ApiNotFoundResponse()
  get(@Param('id', UuidParam) id: string): Promise<BatchDto> {
    return this.disbursements.get(id);
  }

  @Post('batches/:id/approve')
  @HttpCode(200)
  @Roles('director')
  @ApiOkResponse({ type: BatchDto })
  @ApiForbiddenResponse({ description: 'The builder cannot approve' })
  @ApiConflictResponse({ description: 'Not a draft' })
  approve(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<BatchDto> {
    return this.disbursements.approve(principal, id);
  }

  @Get('batches/:id/export.csv')
  @Roles('administrator')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="payment-batch.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The treasury file', type: String })
  @ApiConflictResponse({ description: 'Not approved yet' })
  exportCsv(@Param('id', UuidParam) id: string): Promise<string> {
    return this.disbursements.exportCsv(id);
  }

  @Post(':id/result')
  @HttpCode(200)
  @Roles('administrator')
  @ApiOkResponse({ type: ResultDto })
  @ApiConflictResponse({ description: 'Paid already (final), or the batch is not approved' })
  @ApiNotFoundResponse()
  result(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: PaymentResultDto): Promise<ResultDto> {
    return this.disbursements.recordResult(principal, id, body);
  }
}
