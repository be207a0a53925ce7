import { Controller, Get, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Roles } from '@app/auth';
import { SignedAuditHead } from '@app/persistence';
import { AuditAnchors } from './audit-anchors';
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
  @ApiPropertyOptional({ description: 'Why it does not verify' }) reason?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the head compared against was exported' }) anchoredAt?: string | null;
}

class SignedHeadDto {
  @ApiProperty() exportedAt: string;
  @ApiProperty() rows: number;
  @ApiProperty({ description: '[stream, seq, hash] of every stream', type: 'array', items: { type: 'array', items: {} } })
  streams: [string, number, string][];
  @ApiProperty({ description: 'HMAC-SHA256 (hex) with AUDIT_ANCHOR_KEY, a key kept out of the database' }) signature: string;
}

/** The audit log, for the auditor alone (三权分立: administrators run the system, auditors read its history). */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@ApiForbiddenResponse({ description: 'Auditors only' })
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly anchors: AuditAnchors,
  ) {}

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
  @ApiOkResponse({ type: VerificationDto, description: 'Re-computes every hash chain (or one stream) and compares the log with the last exported signed head' })
  verify(@Query() query: AuditQuery): Promise<VerificationDto> {
    return this.anchors.verify(query.stream);
  }

  @Get('anchors/latest')
  @ApiOkResponse({ type: SignedHeadDto, description: 'The last exported signed head of the chains (also a file under AUDIT_ANCHOR_DIR)' })
  async latestAnchor(): Promise<SignedAuditHead> {
    const head = await this.anchors.latest();
    if (!head) throw new NotFoundException({ error: 'not-found', message: 'no head exported yet' });
    return head;
  }

  @Post('anchors')
  @ApiCreatedResponse({ type: SignedHeadDto, description: 'Exports and signs the head now (besides the daily export)' })
  exportAnchor(): Promise<SignedAuditHead> {
    return this.anchors.export();
  }
}
