import { Injectable } from '@nestjs/common';
import { DomainError, factSchema, PROGRAM_FACTS, ProgramCode } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { ProgramVersionDto } from './program-version.dto';

const COLUMNS = 'id, program_code, version, year_from, year_to, definition, created_at';

interface Row {
  id: string;
  program_code: string;
  version: string;
  year_from: number;
  year_to: number | null;
  definition: Record<string, unknown>;
  created_at: Date;
}

function toDto(r: Row): ProgramVersionDto {
  return {
    id: r.id,
    program: r.program_code,
    version: r.version,
    yearFrom: r.year_from,
    yearTo: r.year_to,
    definition: r.definition,
    createdAt: new Date(r.created_at).toISOString(),
    facts: r.program_code in PROGRAM_FACTS ? factSchema(r.program_code as ProgramCode) : [],
  };
}

/** Program versions as clients see them. */
@Injectable()
export class ProgramVersionReader {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<ProgramVersionDto[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM program_versions ORDER BY program_code, year_from DESC, created_at DESC`,
    );
    return rows.map(toDto);
  }

  async get(program: string, version: string, manager: EntityManager = this.dataSource.manager): Promise<ProgramVersionDto> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM program_versions WHERE program_code = $1 AND version = $2`,
      [program, version],
    );
    if (!rows[0]) throw DomainError.notFound(`version ${version} of program ${program}`);
    return toDto(rows[0]);
  }
}
