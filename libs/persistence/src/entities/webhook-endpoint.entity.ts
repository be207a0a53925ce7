import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A receiver an administrator registered for case events. The secret signs every delivery (HMAC-SHA256), so it
 * is kept as given to the administrator once; removing an endpoint keeps the row for its deliveries' history.
 */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) url: string;
  /** Event patterns: an exact name (`case.approved`), a family (`case.*`) or everything (`*`). */
  @Column({ type: 'text', array: true }) events: string[];
  @Column({ type: 'text' }) secret: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
