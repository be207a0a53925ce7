import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type TaskStatus = 'open' | 'claimed' | 'done' | 'cancelled';

/**
 * A piece of work in a reviewer's queue. One task per stage entry and kind: the transition that entered the
 * stage is its natural key, so re-running the job that creates it creates nothing.
 */
@Entity('review_tasks')
@Index('ix_review_tasks_queue', ['status', 'stage', 'dueOn'])
@Index('uq_review_tasks_entry', ['enteredTransitionId', 'kind'], { unique: true })
// Each reviewer's last decision (the workload's list of reviewers): one entry per decision, whose UPDATE changes
// the status (an indexed column) anyway, so it was never a heap-only update.
@Index('ix_review_tasks_decided_by', ['decidedBy', 'decidedAt'], { where: 'decided_by IS NOT NULL' })
export class ReviewTaskEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'entered_transition_id', type: 'uuid' }) enteredTransitionId: string;
  /** 'review' for the stage's own decision; 'director' for the second approval of a large amount (分级审批). */
  @Column({ type: 'varchar', length: 16, default: 'review' }) kind: 'review' | 'director';
  @Column({ type: 'varchar', length: 32 }) stage: string;
  @Column({ type: 'varchar', length: 16 }) status: TaskStatus;
  @Column({ name: 'candidate_role', type: 'varchar', length: 32 }) candidateRole: string;
  @Column({ name: 'region_code', type: 'varchar', length: 6, nullable: true }) regionCode: string | null;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId: string | null;
  @Column({ type: 'int', default: 1 }) version: number;
  /** Cache of the stage clock's due date. */
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn: string | null;
  /** Cache: the first day the stage clock turns yellow (at risk); with `due_on` it gives the SLA colour in SQL. */
  @Column({ name: 'yellow_on', type: 'date', nullable: true }) yellowOn: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) decision: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
