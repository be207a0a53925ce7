import { Injectable } from '@nestjs/common';
import { caseScope, Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, PROFILE_FACT_FIELDS, ProgramCatalog, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';

/**
 * The acceptance reviewer verifies facts an enterprise declared about itself (its 高企 certificate, its 科技型中小企业
 * number, …) against the evidence: the case's amount stops being provisional once none is left, and the enterprise's
 * profile field is marked verified by this reviewer, now — so its next case does not ask again. One transaction,
 * audited on the case and on the enterprise.
 */
@Injectable()
export class VerifyFacts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly time: TimeSource,
  ) {}

  async execute(principal: Principal, applicationId: string, facts: string[]): Promise<void> {
    const scope = caseScope(principal, 'a', 2);
    await this.dataSource.transaction(async (manager) => {
      const [app]: {
        status: string;
        enterprise_id: string;
        program_version_id: string;
        unverified_facts: string[] | null;
        region_code: string;
      }[] = await manager.query(
        `SELECT a.status, a.enterprise_id, a.program_version_id, a.unverified_facts, e.region_code
             FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1 AND ${scope.sql} FOR UPDATE OF a`,
        [applicationId, ...scope.params],
      );
      if (!app) throw DomainError.notFound('application');
      const { definition } = await this.catalog.byId(app.program_version_id, manager);
      const acceptance = definition.stages.find((s) => s.code === 'acceptance');
      const mayAccept =
        acceptance !== undefined &&
        (principal.roles as string[]).includes(acceptance.candidateRole) &&
        (principal.regionCode === null || principal.regionCode === app.region_code);
      if (!mayAccept)
        throw new DomainError('forbidden', "only a reviewer of the case's acceptance verifies its facts");
      if (app.status !== 'acceptance')
        throw DomainError.conflict(`facts are verified at acceptance; the case is in ${app.status}`);
      const pending = app.unverified_facts ?? [];
      const unknown = facts.filter((f) => !pending.includes(f));
      if (unknown.length) {
        throw DomainError.invalid([
          {
            field: 'facts',
            message: `not awaiting verification on this case: ${unknown.join(', ')} (awaiting: ${pending.join(', ') || 'none'})`,
          },
        ]);
      }
      const now = this.time.now();
      const left = pending.filter((f) => !facts.includes(f));
      await manager.query('UPDATE applications SET unverified_facts = $2 WHERE id = $1', [
        applicationId,
        JSON.stringify(left),
      ]);
      const fields = [...new Set(facts.map((f) => PROFILE_FACT_FIELDS[f]))];
      const proof = { source: 'reviewer', by: principal.accountId, at: now.toISOString() };
      await manager.query(
        `UPDATE enterprises SET fact_proofs = COALESCE(fact_proofs, '{}'::jsonb) || $2::jsonb WHERE id = $1`,
        [app.enterprise_id, JSON.stringify(Object.fromEntries(fields.map((f) => [f, proof])))],
      );
      const actor = { accountId: principal.accountId, role: primaryRole(principal) };
      await appendAudit(manager, {
        stream: `application:${applicationId}`,
        actor,
        action: 'facts.verified',
        data: { facts, fields, stillUnverified: left },
        at: now,
      });
      await appendAudit(manager, {
        stream: `enterprise:${app.enterprise_id}`,
        actor,
        action: 'facts.verified',
        data: { fields, applicationId },
        at: now,
      });
    });
  }
}
