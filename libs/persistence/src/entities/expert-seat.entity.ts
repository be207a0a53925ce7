import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One expert's seat on the panel of one expert-review stage entry (专家评审): drawn at random, excluding
 * conflicts; scores are per criterion of the program version.
 */
@Entity('expert_seats')
@Index('uq_expert_seats', ['enteredTransitionId', 'expertId'], { unique: true })
export class ExpertSeatEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'entered_transition_id', type: 'uuid' }) enteredTransitionId: string;
  @Index() @Column({ name: 'expert_id', type: 'uuid' }) expertId: string;
  @Column({ type: 'jsonb', nullable: true }) scores: Record<string, number> | null;
  @Column({ type: 'int', nullable: true }) total: number | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  /** Set when the case left expert review before this seat scored (withdrawn, refused): the seat is closed. */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
}
