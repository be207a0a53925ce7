import { Injectable } from '@nestjs/common';
import { caseScope, Principal, primaryRole } from '@app/auth';
import { CaseStatus, DomainError, isReviewStage } from '@app/domain';
import { CaseTransitions } from '@app/persistence';
import { DataSource } from 'typeorm';

/**
 * The enterprise hands in the 补正 materials: the case goes back to the stage that asked for them and its
 * clock restarts as if accepted today (docs/PROGRAMS.md, "reset").
 */
@Injectable()
export class ResubmitSupplement {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, id: string, version: number, note: string): Promise<void> {
    const scope = caseScope(principal, 'a', 2);
    await this.dataSource.transaction(async (manager) => {
      const [row]: { status: CaseStatus; program_version_id: string; returned_from: string | null }[] =
        await manager.query(
          `SELECT a.status, a.program_version_id, a.returned_from FROM applications a WHERE a.id = $1 AND ${scope.sql} FOR UPDATE`,
          [id, ...scope.params],
        );
      if (!row) throw DomainError.notFound('application');
      if (row.status !== 'supplement' || !row.returned_from || !isReviewStage(row.returned_from)) {
        throw DomainError.conflict('this case is not waiting for 补正 materials');
      }
      await this.transitions.apply(manager, {
        application: { id, status: row.status, version, programVersionId: row.program_version_id },
        action: { type: 'resubmit', returnedFrom: row.returned_from },
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        reason: note,
      });
    });
  }
}
