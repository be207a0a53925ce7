import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../http/page-query';

/**
 * pending: waiting for a try; sending: a notifier holds it; sent; failed: the last try failed or the server refused
 * it for good (replayable); cancelled: the address was removed first.
 */
export const EMAIL_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;

/** Newest first, 50 unless `limit` says otherwise. */
export class EmailDeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EMAIL_DELIVERY_STATUSES, description: '`failed`: the ones to replay' })
  @IsOptional() @IsIn(EMAIL_DELIVERY_STATUSES)
  status?: (typeof EMAIL_DELIVERY_STATUSES)[number];
}

export class EmailDeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The in-app message it mails' }) notificationId: string;
  @ApiProperty() accountId: string;
  @ApiProperty({ description: 'The recipient account' }) username: string;
  @ApiProperty({ nullable: true, type: String, description: "The account's address now (null: removed; a try would cancel the delivery)" })
  recipient: string | null;
  @ApiProperty({ description: "The recipient's language, which the mail is written in", example: 'zh-CN' }) language: string;
  @ApiProperty({ nullable: true, type: String, example: 'case.public_notice', description: "The message's kind" }) kind: string | null;
  @ApiProperty({ nullable: true, type: String, example: '[科技局] 案件 2026-00000042：进入“公示”', description: "The mail's subject" })
  subject: string | null;
  @ApiProperty({ nullable: true, type: String }) applicationId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-00000042' }) caseNumber: string | null;
  @ApiProperty({ enum: EMAIL_DELIVERY_STATUSES }) status: string;
  @ApiProperty({ description: 'Tries in the current series (a replay starts a new one)' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: "The last failed try's error: the mail server's reply, or why no try could be made" })
  lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty() createdAt: string;
}
