import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The SLA engine's view of each running clock (case or stage), rewritten whenever it arms the case's
 * alarms: the day it turns yellow and its due date, so "at risk", "overdue" and the forecast are index
 * lookups. A cache like `next_alarm_at`: the sweep re-arms any case whose version moved on.
 */
@Entity('sla_running_clocks')
@Index('ix_sla_running_clocks_due', ['clock', 'dueOn'])
@Index('ix_sla_running_clocks_yellow', ['clock', 'yellowOn'])
export class SlaRunningClockEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) clock: string;
  @Column({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @Column({ name: 'region_code', type: 'varchar', length: 6 }) regionCode: string;
  @Column({ name: 'limit_days', type: 'int' }) limitDays: number;
  @Column({ name: 'counting_from', type: 'date' }) countingFrom: string;
  @Column({ name: 'yellow_on', type: 'date' }) yellowOn: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
}
