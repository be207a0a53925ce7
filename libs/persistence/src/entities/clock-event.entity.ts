import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The clock of a case is a list of these, recorded only by the system (never typed in by a person). `clock`
 * is 'case' for the promised limit (承诺时限) or a stage code for that stage's own limit.
 */
@Entity('clock_events')
@Index('ix_clock_events_case', ['applicationId', 'clock', 'id'])
export class ClockEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'varchar', length: 32 }) clock: string;
  @Column({ type: 'varchar', length: 8 }) type: 'start' | 'pause' | 'resume' | 'reset' | 'stop';
  /** The Asia/Shanghai calendar day it happened on. */
  @Column({ name: 'on_date', type: 'date' }) onDate: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'transition_id', type: 'uuid', nullable: true }) transitionId: string | null;
}
