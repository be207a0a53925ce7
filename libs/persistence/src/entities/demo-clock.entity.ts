import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The development clock's offset (one row): how far an administrator moved "now" forward for a demonstration.
 * Every process's TimeSource reads it (never in production), so the api, workflow and sla processes agree.
 */
@Entity('demo_clock')
@Check('ck_demo_clock_single_row', 'id = 1')
export class DemoClockEntity {
  @PrimaryColumn({ type: 'smallint' }) id: number;
  @Column({ name: 'offset_ms', type: 'bigint', default: 0 }) offsetMs: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
