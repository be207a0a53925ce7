import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A moment alarms wait for: one unrung row per distinct due moment (thousands of cases share a midnight), with
 * one wake-up job on the alarms queue. Ringing it (`fired_at`) is what fires all its alarms at once. A moment
 * rung is removed by the sweep once its alarms are told.
 */
@Entity('sla_moments')
@Index('uq_sla_moments_unrung', ['dueAt'], { unique: true, where: 'fired_at IS NULL' })
@Index('ix_sla_moments_rung', ['id'], { where: 'fired_at IS NOT NULL' })
export class SlaMomentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_sla_moments' }) id: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true }) firedAt: Date | null;
}
