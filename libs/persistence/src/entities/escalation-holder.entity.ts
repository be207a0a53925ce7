import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who holds a post of a program's escalation chain (section head, deputy director, director): an overdue clock
 * at that level reaches them. Set by administrators; the posts themselves are the program version's data.
 */
@Entity('escalation_holders')
export class EscalationHolderEntity {
  @PrimaryColumn({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @PrimaryColumn({ type: 'int' }) level: number;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId: string;
  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
}
