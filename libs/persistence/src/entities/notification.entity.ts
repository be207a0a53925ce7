import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app message for one account. Unique per (account, transition) so a redelivered job writes it once. */
@Entity('notifications')
@Index('uq_notifications_source', ['accountId', 'sourceId'], { unique: true })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'source_id', type: 'varchar', length: 64 }) sourceId: string;
  @Column({ name: 'application_id', type: 'uuid', nullable: true }) applicationId: string | null;
  @Column({ type: 'varchar', length: 64 }) kind: string;
  @Column({ type: 'text' }) message: string;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
