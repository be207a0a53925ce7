import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An effect owed to people or systems (a transition's messages, a webhook delivery, an e-mail) whose loss no state in
 * PostgreSQL would show: written with its outbox row, removed when a worker has done it. While it exists and
 * its job is neither waiting in the outbox nor held by the queue, Redis lost the job and the sweep queues it
 * again (`OwedJobs`).
 */
@Entity('owed_jobs')
export class OwedJobEntity {
  @PrimaryColumn({ name: 'job_name', type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_owed_jobs' }) jobName: string;
  /** The transition or delivery the job is about. */
  @PrimaryColumn({ name: 'subject_id', type: 'uuid', primaryKeyConstraintName: 'PK_owed_jobs' }) subjectId: string;
  /** The latest outbox row that carries it (its job id is `ob-<outbox id>`). */
  @Column({ name: 'outbox_id', type: 'bigint' }) outboxId: string;
  @CreateDateColumn({ name: 'owed_since', type: 'timestamptz' }) owedSince: Date;
}
