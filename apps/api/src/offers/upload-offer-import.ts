import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { JobName } from '@app/contracts';
import { CsvRecord, DomainError, offerColumns, ProgramCode } from '@app/domain';
import { csvRecords, CsvReadError, enqueue, ProgramCatalog } from '@app/persistence';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * An administrator uploads a 免申即享 file. It is checked as a whole (well-formed CSV, a header of the program's
 * facts) and stored with its hash and an import job in one transaction; the rows are judged by the job. The same
 * file again for the same program and year is the import it was the first time: nothing new.
 */
@Injectable()
export class UploadOfferImport {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
  ) {}

  async execute(
    principal: Principal,
    program: ProgramCode,
    year: number,
    file: Buffer,
  ): Promise<{ id: string; created: boolean }> {
    const version = await this.catalog.forYear(program, year);
    if (!version.definition.autoOffer) {
      throw new DomainError(
        'unprocessable',
        `${program} ${version.definition.version} makes no offers (it is not 免申即享)`,
      );
    }
    const rowsTotal = this.check(program, file);
    const sha256 = createHash('sha256').update(file).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO offer_imports (program_code, year, program_version_id, sha256, content, size_bytes, rows_total, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (program_code, year, sha256) DO NOTHING RETURNING id`,
        [program, year, version.id, sha256, file, file.length, rowsTotal, principal.accountId],
      );
      if (inserted.length === 0) {
        const [existing]: { id: string }[] = await manager.query(
          'SELECT id FROM offer_imports WHERE program_code = $1 AND year = $2 AND sha256 = $3',
          [program, year, sha256],
        );
        return { id: existing.id, created: false };
      }
      await enqueue(manager, { name: JobName.ImportOffers, data: { importId: inserted[0].id } });
      return { id: inserted[0].id, created: true };
    });
  }

  /** The number of data rows; a 400 naming the line or column when the file cannot be read at all. */
  private check(program: ProgramCode, file: Buffer): number {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file);
    } catch {
      throw DomainError.invalid([{ field: 'csv', message: 'must be UTF-8 text' }]);
    }
    let records: CsvRecord[];
    try {
      records = csvRecords(text);
    } catch (error) {
      if (error instanceof CsvReadError) throw DomainError.invalid([{ field: 'csv', message: error.message }]);
      throw error;
    }
    const header = records.length ? records[0].fields : null;
    const rows = Math.max(records.length - 1, 0);
    if (header === null)
      throw DomainError.invalid([{ field: 'csv', message: 'is empty; the first line is the header' }]);
    const { errors } = offerColumns(program, header);
    if (errors.length)
      throw DomainError.invalid(errors.map((e) => ({ field: `header.${e.field}`, message: e.message })));
    return rows;
  }
}
