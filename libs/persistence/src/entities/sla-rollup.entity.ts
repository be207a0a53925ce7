import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reviewer key of rows that belong to no reviewer (the case clock): a primary key cannot hold NULL. */
export const NO_REVIEWER = '00000000-0000-0000-0000-000000000000';

/**
 * Stopped clocks, pre-aggregated so the SLA dashboard never scans cases: one row per day a clock stopped,
 * program, region, clock ('case' for 承诺时限 — counted only at 办结 — or a stage code), reviewer who
 * decided the stage, and working days used. Written in the transaction of the transition that stopped the
 * clock. `used_days` as a key gives the distribution, hence the mean and the p90, from sums alone.
 */
@Entity('sla_rollup')
export class SlaRollupEntity {
  @PrimaryColumn({ type: 'date' }) day: string;
  @PrimaryColumn({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @PrimaryColumn({ name: 'region_code', type: 'varchar', length: 6 }) regionCode: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) clock: string;
  @PrimaryColumn({ name: 'reviewer_id', type: 'uuid' }) reviewerId: string;
  @PrimaryColumn({ name: 'used_days', type: 'int' }) usedDays: number;
  /** Which of the key's stripes a writer added to (readers sum them): see `rollUpStoppedClocks`. */
  @PrimaryColumn({ type: 'smallint', default: 0 }) stripe: number;
  @Column({ type: 'int', default: 0 }) completed: number;
  @Column({ name: 'on_time', type: 'int', default: 0 }) onTime: number;
}
