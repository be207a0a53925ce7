import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only audit log, hash-chained per stream (a case, an account, a program): each row's hash covers the
 * previous row's hash, so an edited or deleted row breaks the chain where it happened.
 */
@Entity('audit_log')
@Index('uq_audit_stream_seq', ['stream', 'seq'], { unique: true })
export class AuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar', length: 80 }) stream: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ name: 'actor_account_id', type: 'uuid', nullable: true }) actorAccountId: string | null;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  @Column({ type: 'varchar', length: 64 }) action: string;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
}
