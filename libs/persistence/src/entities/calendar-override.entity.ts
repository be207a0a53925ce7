import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An administrator's correction of the published holiday data for one Asia/Shanghai day. Removing one sets
 * `deleted_at` rather than deleting the row, so `max(updated_at)` moves on every change and every process
 * notices it cheaply (see CalendarService).
 */
@Entity('calendar_overrides')
export class CalendarOverrideEntity {
  @PrimaryColumn({ type: 'date' }) date: string;
  @Column({ type: 'varchar', length: 8 }) kind: 'holiday' | 'workday';
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'changed_by', type: 'uuid', nullable: true }) changedBy: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'clock_timestamp()' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
