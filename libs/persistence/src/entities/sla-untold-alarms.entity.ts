import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A batch of SLA alarms recorded and not yet told: firing records an instant's alarms first (the claim
 * statements) and tells people after, one batch per transaction, which takes its row. A drainer stopped in
 * between leaves its batches here for the next drain (any wake-up, the sweep).
 */
@Entity('sla_untold_alarms')
export class SlaUntoldAlarmsEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_sla_untold_alarms' }) id: string;
  @Column({ name: 'alarm_ids', type: 'bigint', array: true }) alarmIds: string[];
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
