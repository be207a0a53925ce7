import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An SLA alarm that fired: a warning (yellow), a breach (red) or an escalation. Unique per clock run (`epoch`
 * is the id of the clock event that started or reset it), so each fires once per run however often its timer
 * rings.
 */
@Entity('sla_alarms')
@Index('uq_sla_alarms_once', ['applicationId', 'clock', 'epoch', 'level'], { unique: true })
export class SlaAlarmEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'varchar', length: 32 }) clock: string;
  @Column({ type: 'bigint' }) epoch: string;
  @Column({ type: 'varchar', length: 16 }) level: string;
  /** When it should have fired (start of its Shanghai day). */
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'fired_at', type: 'timestamptz' }) firedAt: Date;
  /** fired_at − due_at, in milliseconds. */
  @Column({ name: 'lateness_ms', type: 'bigint' }) latenessMs: string;
}
