import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Role =
  | 'enterprise'
  | 'district_reviewer'
  | 'city_reviewer'
  | 'expert'
  | 'director'
  | 'administrator'
  | 'auditor';

/** A login: an enterprise (username = credit code) or a member of staff with roles. */
@Entity('accounts')
// The notifications trigger's first question, "does anyone have an address?", answered from this (empty) index.
@Index('ix_accounts_email', ['email'], { where: 'email IS NOT NULL' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 64, unique: true }) username: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ type: 'text', array: true }) roles: Role[];
  @Index() @Column({ name: 'enterprise_id', type: 'uuid', nullable: true }) enterpriseId: string | null;
  /** The district a district reviewer works for; null means city-wide. */
  @Column({ name: 'region_code', type: 'varchar', length: 6, nullable: true }) regionCode: string | null;
  /** Enterprises this person declared a conflict of interest with: their cases never reach them. */
  @Column({ name: 'conflict_enterprise_ids', type: 'uuid', array: true, default: () => "'{}'" })
  conflictEnterpriseIds: string[];
  /** Bumped at logout: every token issued before it stops working. */
  @Column({ name: 'token_version', type: 'int', default: 0 }) tokenVersion: number;
  @Column({ name: 'failed_logins', type: 'int', default: 0 }) failedLogins: number;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  /** The language of this person's messages (zh-CN unless they prefer English). */
  @Column({ type: 'varchar', length: 8, default: 'zh-CN' }) language: string;
  /** Where this person's messages are also e-mailed (null: in-app only). Set by the person (account preferences). */
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** A one-time password (admin:create): every endpoint but changing it is refused until it is changed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false }) mustChangePassword: boolean;
  /** TOTP second factor: the base32 secret, once enrolment is started; enabled when a first code confirmed it. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 64, nullable: true }) totpSecret: string | null;
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true }) totpEnabledAt: Date | null;
}
