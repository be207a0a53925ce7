import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An objection to a case in public notice (公示异议). An open one holds its case, and only its case. */
@Entity('objections')
@Index('ix_objections_open', ['applicationId'], { where: `status = 'open'` })
export class ObjectionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'filed_by', type: 'text' }) filedBy: string;
  /** How to reach the objector; personal data: never logged, shown to reviewers only. */
  @Column({ type: 'text' }) contact: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'varchar', length: 16 }) status: 'open' | 'upheld' | 'dismissed';
  @Column({ type: 'text', nullable: true }) resolution: string | null;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
