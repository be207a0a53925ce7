import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryDto, DeliveryQuery, WebhookDto } from './webhook.dto';

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  application_id: string;
  transition_id: string;
  event: string;
  status: string;
  attempts: number;
  replays: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toWebhookDto(r: WebhookRow): WebhookDto {
  return { id: r.id, url: r.url, events: r.events, description: r.description, createdAt: r.created_at.toISOString() };
}

function toDeliveryDto(r: DeliveryRow): DeliveryDto {
  return {
    id: r.id, endpointId: r.endpoint_id, applicationId: r.application_id, transitionId: r.transition_id, event: r.event,
    status: r.status, attempts: r.attempts, replays: r.replays, lastError: r.last_error, lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: iso(r.next_attempt_at), deliveredAt: iso(r.delivered_at), createdAt: r.created_at.toISOString(),
  };
}

const DELIVERY_COLUMNS = `id, endpoint_id, application_id, transition_id, event, status, attempts, replays, last_error,
  last_attempt_at, next_attempt_at, delivered_at, created_at`;

/** What administrators see of webhooks: endpoints without their secrets, and deliveries (the dead-letter view). */
@Injectable()
export class WebhookReader {
  constructor(private readonly dataSource: DataSource) {}

  async endpoints(): Promise<WebhookDto[]> {
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT id, url, events, description, created_at FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at`,
    );
    return rows.map(toWebhookDto);
  }

  async deliveries(query: DeliveryQuery): Promise<DeliveryDto[]> {
    const params: unknown[] = [];
    const where = query.status ? `WHERE status = $${params.push(query.status)}` : '';
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries ${where} ORDER BY created_at DESC
        LIMIT $${params.push(query.limit ?? 100)} OFFSET $${params.push(query.offset ?? 0)}`,
      params,
    );
    return rows.map(toDeliveryDto);
  }

  async delivery(id: string, manager: EntityManager | DataSource = this.dataSource): Promise<DeliveryDto> {
    const rows: DeliveryRow[] = await manager.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`, [id]);
    if (!rows[0]) throw DomainError.notFound('webhook delivery');
    return toDeliveryDto(rows[0]);
  }
}
