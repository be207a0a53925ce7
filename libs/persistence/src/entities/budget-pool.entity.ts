import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { fenTransformer } from './columns';

export type BudgetAllocation = 'first-come' | 'pro-rata';

/**
 * The money of one program and year (预算资金池). `reserved_fen` is the sum of the case reservations and only
 * moves through guarded UPDATEs in the transaction of the transition that causes it. A first-come pool can never
 * be reserved past its total (the guard, backed by the CHECK); a pro-rata pool may be oversubscribed while the
 * round is open and is scaled down to its total when the administrator closes it (按比例核减).
 */
@Entity('budget_pools')
@Index('uq_budget_pools_program_year', ['programCode', 'year'], { unique: true })
@Check('ck_budget_pools_amounts', `reserved_fen >= 0 AND total_fen >= 0`)
@Check('ck_budget_pools_first_come_within_total', `allocation <> 'first-come' OR reserved_fen <= total_fen`)
export class BudgetPoolEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @Column({ type: 'int' }) year: number;
  @Column({ name: 'total_fen', type: 'bigint', transformer: fenTransformer }) totalFen: number;
  @Column({ name: 'reserved_fen', type: 'bigint', default: 0, transformer: fenTransformer }) reservedFen: number;
  @Column({ type: 'varchar', length: 16 }) allocation: BudgetAllocation;
  @Column({ type: 'varchar', length: 16, default: 'open' }) status: 'open' | 'closed';
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** How many times the total was raised: a new funding round for the alerts (each is told once per round). */
  @Column({ name: 'top_ups', type: 'int', default: 0 }) topUps: number;
}

/**
 * The amount one case holds in its pool, from its final approval (into 公示) until it is refused, withdrawn or
 * lapses. One row per case: reserving twice is impossible and releasing is exact and idempotent (the row is the
 * amount to give back, and deleting it twice gives back nothing).
 */
@Entity('budget_reservations')
export class BudgetReservationEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Index() @Column({ name: 'pool_id', type: 'uuid' }) poolId: string;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer }) amountFen: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
