import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { CsvRecord, DomainError, OfferColumns, offerColumns, ProgramCode } from '@app/domain';
import { knownRegionCodes, updateReturning } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { OfferBatchWriter, OfferImportRef } from './offer-batch';
import { offerFileRecords } from './offer-file';

/**
 * Rows per transaction: small enough to keep locks, memory and the work a conflict rolls back short, large enough
 * that a batch's dozen round trips (claim, reads, COPY, the set-based insert, progress) are amortised.
 */
export const OFFER_BATCH_ROWS = 2000;
/** Batches written at once, each in its own transaction and connection. */
export const OFFER_IMPORT_WRITERS = 4;

interface ImportRow {
  id: string;
  program_code: ProgramCode;
  year: number;
  program_version_id: string;
  size_bytes: number;
  status: string;
  created_by: string | null;
}

/**
 * 免申即享: reads a stored offer file in slices and writes it batch by batch. Safe to run again at any point:
 * it skips the batches that were written (`offer_import_batches`), and a batch claims its row in its own transaction.
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
      `SELECT id, program_code, year, program_version_id, size_bytes, status, created_by
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
    const written: { batch_no: number }[] = await this.dataSource.query(
      'SELECT batch_no FROM offer_import_batches WHERE import_id = $1',
      [row.id],
    );
    const done = new Set(written.map((w) => w.batch_no));
    // Reference data, read once for the run rather than once per batch.
    const regions = await knownRegionCodes(this.dataSource.manager);
    const inFlight = new Set<Promise<unknown>>();
    let failure: unknown = null;
    const send = (batchNo: number, records: CsvRecord[]) => {
      const task: Promise<unknown> = this.batches
        .write(ref, columns!, batchNo, records, regions)
        .catch((error: unknown) => (failure ??= error))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    };
    let columns: OfferColumns | null = null;
    let batchNo = 0;
    let batch: CsvRecord[] = [];
    for await (const record of offerFileRecords(this.dataSource.manager, row.id, row.size_bytes)) {
      if (columns === null) {
        const header = offerColumns(ref.programCode, record.fields);
        if (!header.columns) throw DomainError.invalid(header.errors);
        columns = header.columns;
        continue;
      }
      batch.push(record);
      if (batch.length < OFFER_BATCH_ROWS) continue;
      if (!done.has(batchNo)) send(batchNo, batch);
      batchNo++;
      batch = [];
      // Back-pressure: read on only when a writer is free, so memory holds a few batches whatever the file's size.
      while (inFlight.size >= OFFER_IMPORT_WRITERS) await Promise.race(inFlight);
      if (failure) break;
    }
    if (!failure && batch.length && !done.has(batchNo)) send(batchNo, batch);
    await Promise.all(inFlight);
    if (failure) throw failure;
    const finished: unknown[] = await updateReturning(
      this.dataSource,
      `UPDATE offer_imports SET status = 'done', finished_at = now(), failure = NULL, updated_at = now()
        WHERE id = $1 AND rows_done = rows_total AND status = 'running' RETURNING 1`,
      [row.id],
    );
    this.logger.log(`offer import ${row.id}: ${finished.length ? 'done' : 'finished by another run'}`);
    return finished.length ? 'done' : 'finished by another run';
  }
}
