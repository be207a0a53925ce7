import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { fenTransformer } from './columns';

/** A payment batch (拨付批次) an administrator builds, a director approves, and the treasury executes. */
@Entity('disbursement_batches')
export class DisbursementBatchEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 16 }) status: 'draft' | 'approved' | 'closed';
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @Column({ name: 'total_fen', type: 'bigint', transformer: fenTransformer }) totalFen: number;
  @Column({ type: 'int', default: 1 }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * One payment instruction. Unique per case and tranche: however many batches or concurrent runs, a case is
 * paid once; `instruction_id` is what the treasury echoes back.
 */
@Entity('disbursements')
@Index('uq_disbursements_case_tranche', ['applicationId', 'tranche'], { unique: true })
export class DisbursementEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ name: 'batch_id', type: 'uuid' }) batchId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'int', default: 1 }) tranche: number;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer }) amountFen: number;
  @Column({ name: 'instruction_id', type: 'varchar', length: 40, unique: true }) instructionId: string;
  @Column({ type: 'varchar', length: 16 }) status: 'pending' | 'paid' | 'failed';
  @Column({ name: 'result_note', type: 'text', nullable: true }) resultNote: string | null;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;
}
