import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An SLA alarm still to fire, written when its clock is armed: at its moment one statement claims every due
 * timer at once and records them as `sla_alarms` (a set, not a job per alarm). `last_event_id` is the latest
 * clock event of the run when it was armed: a newer event (pause, stop, reset) means the timer is stale and
 * never fires; re-arming the case replaces it.
 */
@Entity('sla_timers')
@Index('ix_sla_timers_due', ['dueAt'])
export class SlaTimerEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) clock: string;
  /** The clock event that began the run (as in `sla_alarms`). */
  @PrimaryColumn({ type: 'bigint' }) epoch: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) level: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'last_event_id', type: 'bigint' }) lastEventId: string;
}
