import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type RectificationStatus = 'none' | 'open' | 'closed';

/**
 * An enterprise's rating of the service on one concluded case (好差评), once per case. A bad rating opens a
 * rectification (整改) that only a recorded call-back (回访) closes.
 */
@Entity('ratings')
@Index('uq_ratings_application', ['applicationId'], { unique: true })
@Index('ix_ratings_summary', ['programCode', 'createdAt'])
export class RatingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'enterprise_id', type: 'uuid' }) enterpriseId: string;
  @Column({ name: 'program_code', type: 'varchar', length: 64 }) programCode: string;
  /** The review stage that concluded the case (the last one it left), for the summary per stage. */
  @Column({ type: 'varchar', length: 32 }) stage: string;
  /** The case's status when rated: approved, paid or refused. */
  @Column({ type: 'varchar', length: 16 }) outcome: string;
  @Column({ type: 'smallint' }) score: number;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ name: 'rated_by', type: 'uuid' }) ratedBy: string;
  @Index() @Column({ name: 'rectification_status', type: 'varchar', length: 16 }) rectificationStatus: RectificationStatus;
  @Column({ name: 'rectification_due_on', type: 'date', nullable: true }) rectificationDueOn: string | null;
  @Column({ name: 'callback_notes', type: 'text', nullable: true }) callbackNotes: string | null;
  @Column({ name: 'callback_by', type: 'uuid', nullable: true }) callbackBy: string | null;
  @Column({ name: 'callback_at', type: 'timestamptz', nullable: true }) callbackAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
