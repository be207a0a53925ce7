import { Injectable } from '@nestjs/common';
import { caseScope, Principal, primaryRole } from '@app/auth';
import { CaseStatus, DomainError, formatSystemReason } from '@app/domain';
import { CaseTransitions } from '@app/persistence';
import { DataSource } from 'typeorm';

/**
 * The enterprise answers its 免申即享 offer: confirming sends the case to its first review stage (the stage
 * job creates the task), declining closes it. Only its own case, and only while the offer waits.
 */
@Injectable()
export class AnswerOffer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, id: string, version: number, answer: 'confirm' | 'decline'): Promise<void> {
    if (!principal.enterpriseId) throw DomainError.because('not-an-enterprise', 'only the enterprise answers its offer');
    const scope = caseScope(principal, 'a', 2);
    await this.dataSource.transaction(async (manager) => {
      const rows: { status: CaseStatus; program_version_id: string }[] = await manager.query(
        `SELECT a.status, a.program_version_id FROM applications a WHERE a.id = $1 AND ${scope.sql}`,
        [id, ...scope.params],
      );
      if (!rows[0]) throw DomainError.notFound('application');
      await this.transitions.apply(manager, {
        application: { id, status: rows[0].status, version, programVersionId: rows[0].program_version_id },
        action: { type: answer },
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        reason: formatSystemReason({ code: answer === 'confirm' ? 'offer-confirmed' : 'offer-declined', params: {} }),
      });
    });
  }
}
