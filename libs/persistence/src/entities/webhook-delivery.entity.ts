import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled';

/**
 * One event for one endpoint: the truth of a webhook delivery (the job only carries its id). Unique per endpoint
 * and transition, so a redelivered notify job writes it once. The body is kept as sent, so every try and every
 * replay carries the same bytes and signature.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_source', ['endpointId', 'transitionId'], { unique: true })
@Index('ix_webhook_deliveries_status', ['status', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'endpoint_id', type: 'uuid' }) endpointId: string;
  @Column({ name: 'transition_id', type: 'uuid' }) transitionId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'varchar', length: 64 }) event: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 16 }) status: WebhookDeliveryStatus;
  /** Tries in the current series (a replay starts a new one). */
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'int', default: 0 }) replays: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true }) lastAttemptAt: Date | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
