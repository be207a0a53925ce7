import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { fenTransformer } from './columns';

/**
 * A case. `status` and `version` change only through guarded UPDATEs (compare-and-set), never `save()`.
 * The partial unique index is the rule "one open case per enterprise, program and year".
 */
@Entity('applications')
@Index('ix_applications_budget_wait', ['programCode', 'year', 'budgetWaitSince'], { where: 'budget_wait_since IS NOT NULL' })
@Index('uq_applications_open', ['enterpriseId', 'programCode', 'year'], {
  unique: true,
  where: `status NOT IN ('refused', 'withdrawn', 'declined', 'lapsed')`,
})
@Index('ix_applications_status', ['status'])
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId: string;
  @Column({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @Column({ name: 'program_version_id', type: 'uuid' }) programVersionId: string;
  @Column({ type: 'int' }) year: number;
  /** The case's number in the sequence of all cases (its case number: `caseNumber`); null for cases from before it. */
  @Column({ name: 'case_seq', type: 'bigint', nullable: true, default: () => "nextval('case_numbers')" }) caseSeq: string | null;
  @Column({ type: 'varchar', length: 32 }) status: string;
  @Column({ type: 'int', default: 1 }) version: number;
  @Column({ type: 'jsonb' }) facts: Record<string, unknown>;
  @Column({ type: 'boolean', nullable: true }) eligible: boolean | null;
  @Column({ name: 'amount_fen', type: 'bigint', nullable: true, transformer: fenTransformer }) amountFen: number | null;
  @Column({ type: 'jsonb', nullable: true }) split: Record<string, number> | null;
  @Column({ type: 'jsonb', nullable: true }) trace: unknown[] | null;
  /** The review stage that asked for 补正, where the case goes back to. */
  @Column({ name: 'returned_from', type: 'varchar', length: 32, nullable: true }) returnedFrom: string | null;
  /** Cache of the case clock's due date (承诺时限), recomputed from clock events on every clock change. */
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn: string | null;
  /** When the public notice (公示) of this case ends; set by the system on entering the notice. */
  /** While returned for 补正: when the enterprise's time to answer runs out (the case then lapses). */
  @Column({ name: 'supplement_due_at', type: 'timestamptz', nullable: true }) supplementDueAt: Date | null;
  /** While returned for 补正: the missing items, one by one (一次性告知), as the reviewer listed them. */
  @Column({ name: 'supplement_items', type: 'jsonb', nullable: true }) supplementItems: string[] | null;
  @Column({ name: 'notice_ends_at', type: 'timestamptz', nullable: true }) noticeEndsAt: Date | null;
  /** The SLA engine's bookmark: the earliest alarm still to fire, and the case version it was armed for. */
  @Column({ name: 'next_alarm_at', type: 'timestamptz', nullable: true }) nextAlarmAt: Date | null;
  @Column({ name: 'alarms_armed_version', type: 'int', nullable: true }) alarmsArmedVersion: number | null;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, nullable: true, unique: true })
  idempotencyKey: string | null;
  /** SHA-256 of the request that used the key: the same key with another body is refused (422). */
  @Column({ name: 'idempotency_fingerprint', type: 'char', length: 64, nullable: true }) idempotencyFingerprint: string | null;
  /**
   * Facts of the amount that rest on what the enterprise declared about itself (not verified by an import, a
   * registry or a reviewer) when it applied: the amount is provisional until the acceptance reviewer verifies them.
   */
  @Column({ name: 'unverified_facts', type: 'jsonb', nullable: true }) unverifiedFacts: string[] | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** The final approval was given but its budget pool cannot cover it (none, or too little): since when, and why. */
  @Column({ name: 'budget_wait_since', type: 'timestamptz', nullable: true }) budgetWaitSince: Date | null;
  @Column({ name: 'budget_wait_reason', type: 'text', nullable: true }) budgetWaitReason: string | null;
}
