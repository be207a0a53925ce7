import { Entity, PrimaryColumn } from 'typeorm';

/**
 * A moment whose wake-up job is set on the alarms queue (one job per distinct moment, id `alarm-<ms>`): arming
 * adds a job only for moments not here yet, in the statement that writes the timers. When Redis loses its keys
 * the sweep empties this table and sets the wake-up of every timer again; rows in the past are removed by it.
 */
@Entity('sla_wakeups')
export class SlaWakeupEntity {
  @PrimaryColumn({ name: 'due_at', type: 'timestamptz', primaryKeyConstraintName: 'PK_sla_wakeups' }) dueAt: Date;
}
