import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { caseNumber, DomainError, validateFacts } from '@app/domain';
import {
  CaseTransitions,
  findDuplicateClaim,
  profileFacts,
  ProgramCatalog,
  TimeSource,
  unverifiedFactsOf,
} from '@app/persistence';
import { DataSource } from 'typeorm';
import { SubmitApplicationDto } from './application.dto';
import { refuseUnopenedRound } from './open-round';
import { readSubmissionContext } from './submission-context';
import { requestFingerprint } from './request-fingerprint';

export interface SubmitOutcome {
  id: string;
  /** False when the Idempotency-Key had made this case before. */
  created: boolean;
  status: string;
  version: number;
  caseNumber: string;
}

/**
 * An enterprise applies. The facts the bureau already knows (region, scale, qualifications, blacklist) come
 * from its profile and override whatever the body says (those the enterprise only declared are listed on the case
 * as unverified: the amount is provisional until the acceptance reviewer verifies them); the rest are validated against the program version of
 * the year. The same Idempotency-Key returns the case it created the first time; the same key with another body
 * is a 422 (the IETF Idempotency-Key draft), never the first case.
 */
@Injectable()
export class SubmitApplication {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly transitions: CaseTransitions,
    private readonly time: TimeSource,
  ) {}

  async execute(
    principal: Principal,
    body: SubmitApplicationDto,
    idempotencyKey?: string,
  ): Promise<SubmitOutcome> {
    if (!principal.enterpriseId) throw DomainError.because('not-an-enterprise', 'only an enterprise account can apply');
    const key = idempotencyKey ? `${principal.enterpriseId}/${idempotencyKey}` : null;
    const fingerprint = requestFingerprint(body);
    if (key) {
      const existing = await this.byKey(key, fingerprint);
      if (existing) return existing;
    }
    const context = await readSubmissionContext(
      this.dataSource.manager,
      principal.enterpriseId,
      body.program,
      body.year,
    );
    if (!context) throw DomainError.notFound(`enterprise ${principal.enterpriseId}`);
    const { enterprise } = context;
    if (!context.versionId) throw await this.catalog.noVersionFor(body.program, body.year);
    const version = await this.catalog.byId(context.versionId);
    if (version.definition.autoOffer) {
      throw new DomainError(
        'unprocessable',
        `${body.program} ${version.definition.version} needs no application (免申即享): the bureau makes the offer`,
      );
    }
    refuseUnopenedRound(body.program, body.year, this.time.today(), context.round);
    const facts: Record<string, unknown> = { ...body.facts, ...profileFacts(enterprise), ...context.grants };
    const errors = validateFacts(version.definition, facts);
    if (errors.length) throw DomainError.invalid(errors);
    // What the version grants once only (a certificate, a contract) claimed already is a 409 now; the unique
    // indexes catch a race.
    const duplicate = await findDuplicateClaim(this.dataSource.manager, version.definition, facts);
    if (duplicate) throw duplicate;
    // Nobody declares a repeat themselves: the check above has just established there is none.
    for (const claim of version.definition.onceOnlyClaims) if (claim.repeatFact) facts[claim.repeatFact] = false;
    try {
      // One statement, atomic by itself (CaseTransitions.open): no transaction around it.
      const opened = await this.transitions.open(this.dataSource.manager, {
        enterpriseId: enterprise.id,
        enterpriseName: context.enterpriseName,
        programCode: body.program,
        programVersionId: version.id,
        year: body.year,
        facts,
        status: 'submitted',
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        idempotencyKey: key,
        idempotencyFingerprint: key ? fingerprint : null,
        unverifiedFacts: unverifiedFactsOf(body.program, enterprise),
        caseSeq: context.caseSeq,
      });
      return {
        id: opened.applicationId, created: true, status: 'submitted', version: 1,
        caseNumber: caseNumber(body.year, opened.applicationId, opened.caseSeq),
      };
    } catch (error) {
      // Two requests with one key raced: the loser returns the winner's case.
      const existing =
        key && (error as { constraint?: string }).constraint ? await this.byKey(key, fingerprint) : null;
      if (existing) return existing;
      throw error;
    }
  }

  /** The case this key made before; the same key with another request body is a client's mistake: a 422. */
  private async byKey(key: string, fingerprint: string): Promise<SubmitOutcome | null> {
    const [row]: { id: string; idempotency_fingerprint: string | null; status: string; version: number; year: number; case_seq: string | null }[] =
      await this.dataSource.query(
        'SELECT id, idempotency_fingerprint, status, version, year, case_seq FROM applications WHERE idempotency_key = $1',
        [key],
      );
    if (!row) return null;
    // Rows from before fingerprints were kept (null) answer as they did then.
    if (row.idempotency_fingerprint !== null && row.idempotency_fingerprint !== fingerprint) {
      throw DomainError.because(
        'idempotency-key-reused',
        'this Idempotency-Key was used with a different request body; use a new key',
        [
          {
            field: 'Idempotency-Key',
            message: 'was used with a different request body (program, year or facts); use a new key',
          },
        ],
      );
    }
    return { id: row.id, created: false, status: row.status, version: row.version, caseNumber: caseNumber(row.year, row.id, row.case_seq) };
  }
}
