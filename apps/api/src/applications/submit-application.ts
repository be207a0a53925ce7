import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError, validateFacts } from '@app/domain';
import { CaseTransitions, EnterpriseEntity, findDuplicateClaim, profileFacts, ProgramCatalog, yearlyGrants } from '@app/persistence';
import { DataSource } from 'typeorm';
import { SubmitApplicationDto } from './application.dto';

export interface SubmitOutcome {
  id: string;
  /** False when the Idempotency-Key had made this case before. */
  created: boolean;
  status: string;
  version: number;
}

/**
 * An enterprise applies. The facts the bureau already knows (region, scale, qualifications, blacklist) come
 * from its profile and override whatever the body says; the rest are validated against the program version of
 * the year. The same Idempotency-Key returns the case it created the first time.
 */
@Injectable()
export class SubmitApplication {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, body: SubmitApplicationDto, idempotencyKey?: string): Promise<SubmitOutcome> {
    if (!principal.enterpriseId) throw new DomainError('forbidden', 'only an enterprise account can apply');
    const key = idempotencyKey ? `${principal.enterpriseId}/${idempotencyKey}` : null;
    if (key) {
      const existing = await this.byKey(key, body);
      if (existing) return existing;
    }
    const enterprise = await this.dataSource.getRepository(EnterpriseEntity).findOneByOrFail({ id: principal.enterpriseId });
    const version = await this.catalog.forYear(body.program, body.year);
    if (version.definition.autoOffer) {
      throw new DomainError(
        'unprocessable',
        `${body.program} ${version.definition.version} needs no application (免申即享): the bureau makes the offer`,
      );
    }
    const grants = await yearlyGrants(this.dataSource.manager, enterprise.id, body.program, body.year);
    const facts: Record<string, unknown> = { ...body.facts, ...profileFacts(enterprise), ...grants };
    const errors = validateFacts(version.definition, facts);
    if (errors.length) throw DomainError.invalid(errors);
    // A certificate rewarded or a contract subsidised already is a 409 now; the unique indexes catch a race.
    const duplicate = await findDuplicateClaim(this.dataSource.manager, body.program, facts);
    if (duplicate) throw duplicate;
    // Nobody declares this fact themselves: the check above has just established it.
    if (body.program === 'high-tech-reward') facts.certificateRewardedBefore = false;
    try {
      const opened = await this.dataSource.transaction((manager) =>
        this.transitions.open(manager, {
          enterpriseId: enterprise.id,
          programCode: body.program,
          programVersionId: version.id,
          year: body.year,
          facts,
          status: 'submitted',
          actor: { accountId: principal.accountId, role: primaryRole(principal) },
          idempotencyKey: key,
        }),
      );
      return { id: opened.applicationId, created: true, status: 'submitted', version: 1 };
    } catch (error) {
      // Two requests with one key raced: the loser returns the winner's case.
      const existing = key && (error as { constraint?: string }).constraint ? await this.byKey(key, body) : null;
      if (existing) return existing;
      throw error;
    }
  }

  /** The case this key made before; the same key for another program or year is a client's mistake: a 409. */
  private async byKey(key: string, body: SubmitApplicationDto): Promise<SubmitOutcome | null> {
    const [row]: { id: string; program_code: string; year: number; status: string; version: number }[] = await this.dataSource.query(
      'SELECT id, program_code, year, status, version FROM applications WHERE idempotency_key = $1',
      [key],
    );
    if (!row) return null;
    if (row.program_code !== body.program || row.year !== body.year) {
      throw DomainError.conflict('this Idempotency-Key was used for another application; use a new key');
    }
    return { id: row.id, created: false, status: row.status, version: row.version };
  }
}
