import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An SLA alarm of a clock run — a warning (yellow), a breach (red) or an escalation — written when the clock
 * is armed, before its moment. Unique per clock run (`epoch` is the id of the clock event that started or
 * reset it), so each fires once per run however often it is armed. While it waits, `moment_id` names its
 * moment (`sla_moments`): the alarm fires when that moment rings, for every reader at once through the view
 * `sla_alarms`, unless its clock had a newer event (`last_event_id`) before the due moment (paused, stopped,
 * reset). Telling settles it: `fired_at` and `lateness_ms` copied in, `moment_id` cleared.
 */
@Entity('sla_alarm_rows')
@Index('uq_sla_alarms_once', ['applicationId', 'clock', 'epoch', 'level'], { unique: true })
@Index('ix_sla_alarm_rows_moment', ['momentId'], { where: 'moment_id IS NOT NULL' })
export class SlaAlarmRowEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_sla_alarm_rows' }) id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'varchar', length: 32 }) clock: string;
  @Column({ type: 'bigint' }) epoch: string;
  @Column({ type: 'varchar', length: 16 }) level: string;
  /** When it is due (the start of its Shanghai day, or the clock event that put it on that day). */
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  /** Set when told (its moment's ring), or null while it waits for its moment or its telling. */
  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true }) firedAt: Date | null;
  /** fired_at − due_at, in milliseconds. */
  @Column({ name: 'lateness_ms', type: 'bigint', nullable: true }) latenessMs: string | null;
  /** The latest event of the clock run when it was armed: a newer one before due_at means it never fires. */
  @Column({ name: 'last_event_id', type: 'bigint', nullable: true }) lastEventId: string | null;
  /** The moment it waits for (or rang and is not told yet). */
  @Column({ name: 'moment_id', type: 'bigint', nullable: true }) momentId: string | null;
}
