import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `sla_rollup` summed by calendar month (`month` is its first day), written alongside it. A period is read as
 * its whole months from here and its ragged ends from the daily rows, so a summary over years sums a few
 * thousand rows however many cases there were.
 */
@Entity('sla_rollup_monthly')
export class SlaRollupMonthlyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) clock: string;
  @PrimaryColumn({ type: 'date' }) month: string;
  @PrimaryColumn({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 }) regionCode: string;
  @PrimaryColumn({ name: 'reviewer_id', type: 'uuid' }) reviewerId: string;
  @PrimaryColumn({ name: 'used_days', type: 'int' }) usedDays: number;
  /** Which of the key's stripes a writer added to (readers sum them): see `rollUpStoppedClocks`. */
  @PrimaryColumn({ type: 'smallint', default: 0 }) stripe: number;
  @Column({ type: 'int', default: 0 }) completed: number;
  @Column({ name: 'on_time', type: 'int', default: 0 }) onTime: number;
}
