import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: one row per state change of a case; `seq` equals the case version the change produced. */
@Entity('transitions')
@Index('uq_transitions_seq', ['applicationId', 'seq'], { unique: true })
export class TransitionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ name: 'from_status', type: 'varchar', length: 32 }) fromStatus: string;
  @Column({ name: 'to_status', type: 'varchar', length: 32 }) toStatus: string;
  @Column({ type: 'varchar', length: 40 }) action: string;
  @Column({ name: 'actor_account_id', type: 'uuid', nullable: true }) actorAccountId: string | null;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** What a same-status change changed (按比例核减: the amounts), for the notifier and the audit. */
  @Column({ type: 'jsonb', nullable: true }) detail: Record<string, unknown> | null;
  @Column({ type: 'timestamptz' }) at: Date;
}
