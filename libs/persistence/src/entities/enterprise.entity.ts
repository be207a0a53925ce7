import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How a profile fact came to be trusted. */
export interface FactProof {
  source: 'import' | 'registry' | 'reviewer';
  /** The account that verified it (a reviewer or the administrator who ran the import); null for a registry. */
  by: string | null;
  at: string;
}

/** An applicant, keyed by its unified social credit code (统一社会信用代码). */
@Entity('enterprises')
export class EnterpriseEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'credit_code', type: 'varchar', length: 18, unique: true }) creditCode: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'region_code', type: 'varchar', length: 6 }) regionCode: string;
  @Column({ type: 'varchar', length: 8 }) scale: 'above' | 'below';
  /** 科技型中小企业 入库登记编号 */
  @Column({ name: 'tech_sme_no', type: 'text', nullable: true }) techSmeNo: string | null;
  /** 高新技术企业 certificate number */
  @Column({ name: 'high_tech_cert_no', type: 'text', nullable: true }) highTechCertNo: string | null;
  @Column({ name: 'in_high_tech_zone', type: 'boolean', default: false }) inHighTechZone: boolean;
  /** On a 严重失信 list or 经营异常名录; set by administrators only. */
  @Column({ type: 'boolean', default: false }) blacklisted: boolean;
  /**
   * Which profile facts are verified, by whom and when: field → { source: import | registry | reviewer, by, at }.
   * A field without an entry is declared (by the enterprise itself); changing it drops its entry.
   */
  @Column({ name: 'fact_proofs', type: 'jsonb', nullable: true }) factProofs: Record<string, FactProof> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
