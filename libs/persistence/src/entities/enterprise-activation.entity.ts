import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A one-time code an administrator issues (and sends out of band, e.g. by letter) so an enterprise the bureau
 * already knows — one created by a 免申即享 import — can open its account. Only the code's hash is kept.
 */
@Entity('enterprise_activations')
export class EnterpriseActivationEntity {
  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' }) enterpriseId: string;
  @Column({ name: 'code_hash', type: 'char', length: 64 }) codeHash: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
