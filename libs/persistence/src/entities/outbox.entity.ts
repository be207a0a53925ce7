import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A job to publish, written in the same transaction as the change that caused it. */
@Entity('outbox')
@Index('ix_outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'varchar', length: 32 }) queue: string;
  @Column({ name: 'job_name', type: 'varchar', length: 64 }) jobName: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  /** Not before this moment (a delayed job). */
  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' }) runAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
}
