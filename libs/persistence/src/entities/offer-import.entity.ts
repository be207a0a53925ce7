import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type OfferImportStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * An uploaded 免申即享 file and the progress of its import. The file itself lives here (PostgreSQL is the only
 * store of data); the same file for the same program and year is one import (the unique index), so uploading it
 * again creates nothing. The counters advance in the transaction of each batch.
 */
@Entity('offer_imports')
@Index('uq_offer_imports_file', ['programCode', 'year', 'sha256'], { unique: true })
export class OfferImportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'program_code', type: 'varchar', length: 40 }) programCode: string;
  @Column({ type: 'int' }) year: number;
  @Column({ name: 'program_version_id', type: 'uuid' }) programVersionId: string;
  /** Hex SHA-256 of the file's bytes. */
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'bytea', select: false }) content: Buffer;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes: number;
  @Column({ type: 'varchar', length: 16, default: 'queued' }) status: OfferImportStatus;
  @Column({ name: 'rows_total', type: 'int' }) rowsTotal: number;
  @Column({ name: 'rows_done', type: 'int', default: 0 }) rowsDone: number;
  @Column({ name: 'rows_created', type: 'int', default: 0 }) rowsCreated: number;
  @Column({ name: 'rows_existing', type: 'int', default: 0 }) rowsExisting: number;
  @Column({ name: 'rows_ineligible', type: 'int', default: 0 }) rowsIneligible: number;
  @Column({ name: 'rows_bad', type: 'int', default: 0 }) rowsBad: number;
  @Column({ name: 'failure', type: 'text', nullable: true }) failure: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One problem with one row of an import file: its line, the column at fault and what is wrong. */
@Entity('offer_import_errors')
@Index('ix_offer_import_errors_line', ['importId', 'line'])
export class OfferImportErrorEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'import_id', type: 'uuid' }) importId: string;
  @Column({ type: 'int' }) line: number;
  @Column({ type: 'varchar', length: 64 }) field: string;
  @Column({ type: 'text' }) message: string;
}

/**
 * A batch of an import that is written: the row is inserted in the batch's own transaction, so a re-run after a
 * crash (or a second worker on the same job) skips exactly the batches that committed, and batches may be
 * written in parallel.
 */
@Entity('offer_import_batches')
@Index('uq_offer_import_batches_id', ['id'], { unique: true })
export class OfferImportBatchEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId: string;
  /** 0 for the first OFFER_BATCH_ROWS data rows of the file, and so on. */
  @PrimaryColumn({ name: 'batch_no', type: 'int' }) batchNo: number;
  /** The subject of the batch's jobs (notify-offer-batch, lapse-offer-batch). */
  @Column({ type: 'uuid' }) @Generated('uuid') id: string;
  @Column({ type: 'int' }) rows: number;
  @CreateDateColumn({ name: 'written_at', type: 'timestamptz' }) writtenAt: Date;
}
