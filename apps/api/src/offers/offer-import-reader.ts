import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { DataSource } from 'typeorm';
import { OfferImportDto, OfferImportErrorDto } from './offer-import.dto';

interface Row {
  id: string;
  program_code: string;
  year: number;
  sha256: string;
  size_bytes: number;
  status: string;
  rows_total: number;
  rows_done: number;
  rows_created: number;
  rows_existing: number;
  rows_ineligible: number;
  rows_bad: number;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** An import's progress and the problems of its rows, as the job has stored them so far. */
@Injectable()
export class OfferImportReader {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string): Promise<OfferImportDto> {
    const [r]: Row[] = await this.dataSource.query(
      `SELECT id, program_code, year, sha256, size_bytes, status, rows_total, rows_done, rows_created, rows_existing,
              rows_ineligible, rows_bad, failure, created_at, finished_at
         FROM offer_imports WHERE id = $1`,
      [id],
    );
    if (!r) throw DomainError.notFound('offer import');
    return {
      id: r.id, program: r.program_code, year: r.year, sha256: r.sha256, sizeBytes: r.size_bytes, status: r.status,
      rowsTotal: r.rows_total, rowsDone: r.rows_done, created: r.rows_created, existing: r.rows_existing,
      ineligible: r.rows_ineligible, bad: r.rows_bad, failure: r.failure, createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    };
  }

  async errors(id: string, limit = 100, offset = 0): Promise<OfferImportErrorDto[]> {
    await this.get(id);
    return this.dataSource.query(
      'SELECT line, field, message FROM offer_import_errors WHERE import_id = $1 ORDER BY line, id LIMIT $2 OFFSET $3',
      [id, limit, offset],
    );
  }
}
