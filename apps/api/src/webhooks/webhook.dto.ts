import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUrl, Length, Matches } from 'class-validator';
import { PageQuery } from '../http/page-query';

/**
 * `*`, a family (`case.*`) or one event (`case.approved`): events are `case.<status>` for a case entering a state,
 * and `case.pro-rata-reduced` for the one change that keeps it (按比例核减 when a budget round closes).
 */
export const EVENT_PATTERN = /^(\*|case\.\*|case\.[a-z_-]{2,32})$/;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/hooks/subsidy', description: 'http or https only' })
  @IsString() @Length(10, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true })
  url: string;

  @ApiProperty({ type: [String], example: ['case.*'], description: '`*`, `case.*`, `case.<status>` such as `case.approved`, or `case.pro-rata-reduced`' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @Matches(EVENT_PATTERN, { each: true })
  events: string[];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  description?: string;
}

export class WebhookDto {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() createdAt: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'Signs every delivery the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature: v1,base64 HMAC-SHA256 of id.timestamp.body with the base64 key after whsec_); shown only now' })
  secret: string;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;

/** Newest first, 100 unless `limit` says otherwise. */
export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: (typeof DELIVERY_STATUSES)[number];
}

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty() endpointId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() transitionId: string;
  @ApiProperty({ example: 'case.approved' }) event: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty({ description: 'Tries in the current series (a replay starts a new one)' }) attempts: number;
  @ApiProperty() replays: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty() createdAt: string;
}
