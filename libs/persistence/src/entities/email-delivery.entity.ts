import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending: waiting for a try (at `next_attempt_at`); sending: a notifier claimed it until `claimed_until`; sent;
 * failed: the last try failed, or the server refused it for good (5xx); cancelled: the address was removed first.
 */
export type EmailDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * One in-app message sent on by e-mail: the truth of the delivery (the job only carries its id). Written by the
 * trigger on `notifications` (migration EmailDeliveries1796008900000) in the transaction that wrote the message,
 * for recipients with an address; unique per message, so a message is mailed once whichever code path wrote it.
 * The address and the text are read when it is sent: the row holds no personal data.
 */
@Entity('email_deliveries')
@Index('uq_email_deliveries_notification', ['notificationId'], { unique: true })
@Index('ix_email_deliveries_status', ['status', 'nextAttemptAt'])
export class EmailDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_email_deliveries' }) id: string;
  @Column({ name: 'notification_id', type: 'uuid' }) notificationId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status: EmailDeliveryStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true }) lastAttemptAt: Date | null;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  /** While `sending`: no other notifier may take it before this moment (longer than a try can last). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true }) claimedUntil: Date | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
