import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
