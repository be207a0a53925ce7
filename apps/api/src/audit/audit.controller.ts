import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Roles } from '@app/auth';
import { verifyAudit } from '@app/persistence';
import { DataSource } from 'typeorm';

class AuditQuery {
  @ApiPropertyOptional({ description: 'One stream, e.g. application:<id> or account:<id>' })
  @IsOptional() @IsString() @Length(3, 80)
  stream?: string;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

class AuditEntryDto {
  @ApiProperty() stream: string;
  @ApiProperty() seq: number;
  @ApiProperty({ nullable: true, type: String }) actorAccountId: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: Object }) data: Record<string, unknown>;
  @ApiProperty() at: string;
  @ApiProperty() hash: string;
}

class VerificationDto {
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() rows?: number;
  @ApiPropertyOptional({ description: 'The first row that does not verify' }) stream?: string;
  @ApiPropertyOptional() seq?: number;
}

/** The audit log, for the auditor alone (三权分立: administrators run the system, auditors read its history). */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@ApiForbiddenResponse({ description: 'Auditors only' })
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ type: [AuditEntryDto], description: 'Newest first' })
  async list(@Query() query: AuditQuery): Promise<AuditEntryDto[]> {
    const rows: { stream: string; seq: number; actor_account_id: string | null; actor_role: string; action: string; data: Record<string, unknown>; at: Date; hash: string }[] =
      await this.dataSource.query(
        `SELECT stream, seq, actor_account_id, actor_role, action, data, at, hash FROM audit_log
          WHERE ($1::varchar IS NULL OR stream = $1) ORDER BY id DESC LIMIT $2`,
        [query.stream ?? null, query.limit ?? 100],
      );
    return rows.map((r) => ({
      stream: r.stream, seq: r.seq, actorAccountId: r.actor_account_id, actorRole: r.actor_role, action: r.action,
      data: r.data, at: r.at.toISOString(), hash: r.hash,
    }));
  }

  @Get('verification')
  @ApiOkResponse({ type: VerificationDto, description: 'Re-computes every hash chain (or one stream)' })
  verify(@Query() query: AuditQuery): Promise<VerificationDto> {
    return verifyAudit(this.dataSource.manager, query.stream);
  }
}
