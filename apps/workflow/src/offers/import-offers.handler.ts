import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError, ProgramCode } from '@app/domain';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { CsvRecord, OfferColumns, offerColumns } from './offer-csv';
import { OfferBatchWriter, OfferImportRef } from './offer-batch';
import { offerFileRecords } from './offer-file';

/** Rows per transaction: small enough to keep locks and memory short, large enough to amortise the round trips. */
export const OFFER_BATCH_ROWS = 500;

interface ImportRow {
  id: string;
  program_code: ProgramCode;
  year: number;
  program_version_id: string;
  size_bytes: number;
  status: string;
  rows_done: number;
  created_by: string | null;
}

/**
 * 免申即享: reads a stored offer file in slices and writes it batch by batch. Safe to run again at any point:
 * it skips the rows the import's counters say are done, and each batch checks that bookmark under a row lock.
 */
@Injectable()
export class ImportOffersHandler {
  private readonly logger = new Logger(ImportOffersHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly batches: OfferBatchWriter,
  ) {}

  @OnJob(JobName.ImportOffers)
  async handle(data: JobPayloads[JobName.ImportOffers]): Promise<string> {
    const [row]: ImportRow[] = await this.dataSource.query(
      `SELECT id, program_code, year, program_version_id, size_bytes, status, rows_done, created_by
         FROM offer_imports WHERE id = $1`,
      [data.importId],
    );
    if (!row) throw DomainError.notFound(`offer import ${data.importId}`);
    if (row.status === 'done' || row.status === 'failed') return `already ${row.status}`;
    await this.dataSource.query(
      `UPDATE offer_imports SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [row.id],
    );
    try {
      return await this.run(row);
    } catch (error) {
      // A broken rule will not mend on retry: the import fails for good. Anything else is retried by BullMQ.
      const final = error instanceof DomainError && error.code !== 'conflict';
      await this.dataSource.query(
        `UPDATE offer_imports SET failure = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END, updated_at = now()
          WHERE id = $1`,
        [row.id, (error as Error).message.slice(0, 2000), final],
      );
      throw error;
    }
  }

  private async run(row: ImportRow): Promise<string> {
    const ref: OfferImportRef = {
      id: row.id,
      programCode: row.program_code,
      year: row.year,
      programVersionId: row.program_version_id,
      actor: { accountId: row.created_by, role: 'administrator' },
    };
    let columns: OfferColumns | null = null;
    let done = row.rows_done;
    let skip = row.rows_done;
    let batch: CsvRecord[] = [];
    const flush = async (): Promise<boolean> => {
      if (batch.length === 0) return true;
      const counts = await this.batches.write(ref, columns!, batch, done);
      if (counts === null) return false;
      done += batch.length;
      batch = [];
      return true;
    };
    for await (const record of offerFileRecords(this.dataSource.manager, row.id, row.size_bytes)) {
      if (columns === null) {
        const header = offerColumns(ref.programCode, record.fields);
        if (!header.columns) throw DomainError.invalid(header.errors);
        columns = header.columns;
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      batch.push(record);
      if (batch.length >= OFFER_BATCH_ROWS && !(await flush())) return 'taken over by another run';
    }
    if (!(await flush())) return 'taken over by another run';
    await this.dataSource.query(
      `UPDATE offer_imports SET status = 'done', finished_at = now(), failure = NULL, updated_at = now()
        WHERE id = $1 AND rows_done = $2 AND status = 'running'`,
      [row.id, done],
    );
    this.logger.log(`offer import ${row.id}: ${done} rows`);
    return `${done} rows`;
  }
}
