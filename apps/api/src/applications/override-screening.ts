import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { calculate, CaseStatus, DomainError, formatSystemReason, SCREENING_REFUSAL } from '@app/domain';
import { CaseTransitions, ProgramCatalog, yearlyGrants } from '@app/persistence';
import { DataSource } from 'typeorm';
import { ScreeningOverrideDto } from './application.dto';

/**
 * The bureau overrides screening's refusal (issue 8 item 2): only a director, only with a written reason,
 * and only with the amount recomputed from the facts as the director corrected them (a verified
 * qualification, say). What the rules still refuse stays refused (422 naming every failed rule), so an
 * override never makes a 0-yuan case; one that passes goes to the first review stage with its new amount.
 */
@Injectable()
export class OverrideScreening {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, id: string, body: ScreeningOverrideDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [app]: {
        id: string;
        status: CaseStatus;
        version: number;
        program_version_id: string;
        enterprise_id: string;
        program_code: string;
        year: number;
        facts: Record<string, unknown>;
      }[] = await manager.query(
        `SELECT id, status, version, program_version_id, enterprise_id, program_code, year, facts
           FROM applications WHERE id = $1 AND NOT (enterprise_id = ANY($2::uuid[])) FOR UPDATE`,
        [id, principal.conflictEnterpriseIds ?? []],
      );
      if (!app) throw DomainError.notFound('application');
      if (app.version !== body.version)
        throw DomainError.because('case-changed', `the case changed since version ${body.version}; reload it`);
      const [last]: { from_status: string; reason: string | null }[] = await manager.query(
        'SELECT from_status, reason FROM transitions WHERE application_id = $1 ORDER BY seq DESC LIMIT 1',
        [id],
      );
      const byScreening =
        app.status === 'refused' &&
        last?.from_status === 'submitted' &&
        (last.reason ?? '').startsWith(SCREENING_REFUSAL);
      if (!byScreening)
        throw DomainError.conflict('only a case refused by screening can have its screening overridden');
      const open: unknown[] = await manager.query(
        `SELECT 1 FROM applications WHERE enterprise_id = $1 AND program_code = $2 AND year = $3 AND id <> $4
            AND status NOT IN ('refused', 'withdrawn', 'declined', 'lapsed') LIMIT 1`,
        [app.enterprise_id, app.program_code, app.year, id],
      );
      if (open.length)
        throw DomainError.conflict(
          `the enterprise has another open case of ${app.program_code} for ${app.year}`,
        );

      const { definition } = await this.catalog.byId(app.program_version_id, manager);
      const facts = { ...app.facts, ...(body.facts ?? {}) };
      const grants = await yearlyGrants(manager, app.enterprise_id, app.program_code, app.year, id);
      // Bad corrected facts are a 400 naming each field (`facts.…`).
      const result = calculate(definition, { ...facts, ...grants }, app.year);
      if (!result.eligible) {
        const failed = result.trace.filter((t) => !t.passed);
        throw new DomainError(
          'unprocessable',
          `the rules still refuse this case: ${failed.map((t) => `${t.rule} (${t.detail})`).join('; ')}`,
          failed.map((t) => ({ field: 'facts', message: `${t.rule}: ${t.detail}` })),
        );
      }
      await this.transitions.apply(manager, {
        application: {
          id,
          status: app.status,
          version: app.version,
          programVersionId: app.program_version_id,
        },
        action: { type: 'override-screening' },
        actor: { accountId: principal.accountId, role: 'director' },
        reason: formatSystemReason({ code: 'screening-overridden', params: { reason: body.reason } }),
        patch: {
          eligible: true,
          amount_fen: result.amountFen,
          split: result.split,
          trace: result.trace,
          facts,
        },
      });
    });
  }
}
