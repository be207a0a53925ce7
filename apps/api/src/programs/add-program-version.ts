import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError, FieldError, isProgramCode, parseProgramVersion, PROGRAM_VERSION_FIELDS, ProgramVersion } from '@app/domain';
import { appendAudit, TimeSource } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { ProgramVersionDto, VERSION_LABEL } from './program-version.dto';
import { ProgramVersionReader } from './program-version-reader';


interface StoredRange {
  version: string;
  year_from: number;
  year_to: number | null;
}

/** Problems the domain parser does not look for: stray fields, the path's program, the label's shape. */
function envelopeErrors(program: string, body: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const v = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(v)
    .filter((key) => !PROGRAM_VERSION_FIELDS.includes(key))
    .map((key) => ({ field: key, message: 'is not a field of a program version' }));
  if (isProgramCode(v.program) && v.program !== program) {
    errors.push({ field: 'program', message: `must be '${program}', the program in the path` });
  }
  if (typeof v.version === 'string' && !VERSION_LABEL.test(v.version)) {
    errors.push({ field: 'version', message: 'must be 1–20 letters, digits, . _ - (starting with a letter or digit)' });
  }
  return errors;
}

function check(program: string, body: unknown): ProgramVersion {
  const errors = envelopeErrors(program, body);
  let parsed: ProgramVersion | null = null;
  try {
    parsed = parseProgramVersion(body);
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'validation')) throw e;
    errors.unshift(...e.fields);
  }
  if (errors.length > 0 || !parsed) throw DomainError.invalid(errors);
  return parsed;
}

/**
 * An administrator publishes a new version (or round) of a program without a deploy. Versions never change
 * once stored, so the rules a case was judged by stay readable for ever; a correction is a new version.
 *
 * Which version judges a year: the one with the latest `years.from` among those whose range includes it
 * (as `ProgramCatalog.forYear` reads). To keep that unambiguous, no two versions of a program start in the
 * same year, and a new version may not take over a year that already has cases (they were judged by the
 * version that held the year; a second version for the same year would judge its cases differently).
 */
@Injectable()
export class AddProgramVersion {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly reader: ProgramVersionReader,
  ) {}

  async execute(principal: Principal, program: string, body: unknown): Promise<ProgramVersionDto> {
    if (!isProgramCode(program)) throw DomainError.notFound(`program ${program}`);
    const version = check(program, body);
    return this.dataSource.transaction(async (manager) => {
      // The audit stream's own lock: orders every writer of this program's versions, so the checks below hold.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`program:${program}`]);
      await this.refuseAmbiguity(manager, version);
      await manager.query(
        'INSERT INTO programs (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING',
        [version.program, version.name.zh, version.name.en],
      );
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO program_versions (program_code, version, year_from, year_to, definition)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [version.program, version.version, version.years.from, version.years.to, JSON.stringify(version)],
      );
      await appendAudit(manager, {
        stream: `program:${program}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'program-version.added',
        data: { id: row.id, version: version.version, yearFrom: version.years.from, yearTo: version.years.to },
        at: this.time.now(),
      });
      return this.reader.get(program, version.version, manager);
    });
  }

  private async refuseAmbiguity(manager: EntityManager, version: ProgramVersion): Promise<void> {
    const stored: StoredRange[] = await manager.query(
      'SELECT version, year_from, year_to FROM program_versions WHERE program_code = $1',
      [version.program],
    );
    if (stored.some((s) => s.version === version.version)) {
      throw DomainError.conflict(
        `version ${version.version} of ${version.program} exists and never changes; publish the change under a new label`,
      );
    }
    const sameStart = stored.find((s) => s.year_from === version.years.from);
    if (sameStart) {
      throw DomainError.conflict(
        `version ${sameStart.version} of ${version.program} already starts in ${version.years.from}; two versions starting the same year would be ambiguous`,
      );
    }
    const caseYears: { year: number }[] = await manager.query(
      `SELECT DISTINCT year FROM applications
        WHERE program_code = $1 AND year >= $2 AND ($3::int IS NULL OR year <= $3) ORDER BY year`,
      [version.program, version.years.from, version.years.to],
    );
    const covers = (s: StoredRange, year: number) => s.year_from <= year && (s.year_to === null || year <= s.year_to);
    const takenOver = caseYears
      .map((c) => c.year)
      .filter((year) => !stored.some((s) => covers(s, year) && s.year_from > version.years.from));
    if (takenOver.length > 0) {
      throw DomainError.conflict(
        `${version.program} already has cases of ${takenOver.join(', ')} judged by an earlier version; a new version may not take over those years`,
      );
    }
  }
}
