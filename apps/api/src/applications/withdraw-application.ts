import { Injectable } from '@nestjs/common';
import { caseScope, Principal, primaryRole } from '@app/auth';
import { CaseStatus, DomainError, formatSystemReason } from '@app/domain';
import { CaseTransitions } from '@app/persistence';
import { DataSource } from 'typeorm';

/** The enterprise withdraws its own open case (before the public notice). */
@Injectable()
export class WithdrawApplication {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, id: string, version: number, reason?: string): Promise<void> {
    const scope = caseScope(principal, 'a', 2);
    await this.dataSource.transaction(async (manager) => {
      const rows: { id: string; status: CaseStatus; program_version_id: string }[] = await manager.query(
        `SELECT a.id, a.status, a.program_version_id FROM applications a WHERE a.id = $1 AND ${scope.sql}`,
        [id, ...scope.params],
      );
      if (!rows[0]) throw DomainError.notFound('application');
      await this.transitions.apply(manager, {
        application: { id, status: rows[0].status, version, programVersionId: rows[0].program_version_id },
        action: { type: 'withdraw' },
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        reason: reason ?? formatSystemReason({ code: 'withdrawn', params: {} }),
      });
    });
  }
}
