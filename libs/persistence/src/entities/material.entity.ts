import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A document an enterprise handed in for its case (申报材料). The bytes live in PostgreSQL with the rest of the
 * truth, under a generated id — never a path anyone chose, never in a served folder.
 */
@Entity('materials')
@Index('ix_materials_case', ['applicationId', 'createdAt'])
export class MaterialEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  /** Which required material it answers (the program version's list), or a free label. */
  @Column({ type: 'varchar', length: 200 }) kind: string;
  /** The uploader's file name, cleaned; only shown, never used as a path. */
  @Column({ name: 'file_name', type: 'varchar', length: 200 }) fileName: string;
  /** Detected from the content, not taken from the client. */
  @Column({ name: 'content_type', type: 'varchar', length: 64 }) contentType: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'bytea', select: false }) content: Buffer;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
