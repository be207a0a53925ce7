import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A TOTP recovery code: only its SHA-256 is kept, and it works once. */
@Entity('account_recovery_codes')
@Index('uq_recovery_code', ['accountId', 'codeHash'], { unique: true })
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'code_hash', type: 'char', length: 64 }) codeHash: string;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
}

/**
 * Failed logins per key (a username, known or not, and a client address): each failure past a free allowance
 * pushes the next allowed try further out. Usernames are keyed whether or not the account exists, so the
 * answers never tell which do.
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 }) key: string;
  @Column({ type: 'int' }) failures: number;
  @Column({ name: 'next_at', type: 'timestamptz', nullable: true }) nextAt: Date | null;
  @Column({ name: 'last_failure_at', type: 'timestamptz' }) lastFailureAt: Date;
}
