import { Injectable } from '@nestjs/common';
import { DomainError, ProgramVersion } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredProgramVersion {
  id: string;
  definition: ProgramVersion;
}

/**
 * Program versions by id and by year. A version a case uses never changes, so a version read once is cached
 * for the life of the process.
 */
/**
 * The FROM … LIMIT 1 of the version of a program in force for a year (SQL expressions for both), alias `v`: the
 * newest whose years include it (no two versions of a program start in the same year).
 */
export function versionInForce(program: string, year: string): string {
  return `FROM program_versions v WHERE v.program_code = ${program} AND v.year_from <= ${year}
            AND (v.year_to IS NULL OR v.year_to >= ${year}) ORDER BY v.year_from DESC, v.created_at DESC LIMIT 1`;
}

@Injectable()
export class ProgramCatalog {
  private readonly byIdCache = new Map<string, StoredProgramVersion>();

  constructor(private readonly dataSource: DataSource) {}

  /** Pass the transaction's manager when inside one: an embedded database serves one session at a time. */
  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<StoredProgramVersion> {
    const cached = this.byIdCache.get(id);
    if (cached) return cached;
    const rows: { id: string; definition: ProgramVersion }[] = await manager.query(
      'SELECT id, definition FROM program_versions WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw DomainError.notFound(`program version ${id}`);
    this.byIdCache.set(id, rows[0]);
    return rows[0];
  }

  /** The version that judges a case of `year`: the newest one whose years include it. */
  async forYear(program: string, year: number): Promise<StoredProgramVersion> {
    const rows: { id: string; definition: ProgramVersion }[] = await this.dataSource.query(
      `SELECT v.id, v.definition ${versionInForce('$1', '$2')}`,
      [program, year],
    );
    if (!rows[0]) throw await this.noVersionFor(program, year);
    this.byIdCache.set(rows[0].id, rows[0]);
    return rows[0];
  }

  /** The 422 when no version of `program` covers `year`: it names the year, or the program if there is none such. */
  async noVersionFor(program: string, year: number): Promise<DomainError> {
    const known: unknown[] = await this.dataSource.query('SELECT 1 FROM programs WHERE code = $1', [program]);
    return DomainError.invalid([
      known.length
        ? { field: 'year', message: `program ${program} has no version for the year ${year}` }
        : { field: 'program', message: `unknown program ${program}` },
    ]);
  }
}
