import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, budgetArrived, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { TopUpBudgetPoolDto } from './budget-pool.dto';

/**
 * An administrator adds money to an open round (追加预算): the total grows, the top-up is audited, and the cases
 * whose final approval waited for the money move on (a `ReleaseBudgetWaits` job, oldest wait first). A closed
 * round takes no more money (409).
 */
@Injectable()
export class TopUpBudgetPool {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async execute(principal: Principal, poolId: string, body: TopUpBudgetPoolDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows = await updateReturning<{ program_code: string; year: number; total_fen: string; top_ups: number }>(
        manager,
        `UPDATE budget_pools SET total_fen = total_fen + $2, top_ups = top_ups + 1
          WHERE id = $1 AND status = 'open' RETURNING program_code, year, total_fen, top_ups`,
        [poolId, body.amountFen],
      );
      if (!rows.length) {
        const exists: unknown[] = await manager.query('SELECT 1 FROM budget_pools WHERE id = $1', [poolId]);
        if (!exists.length) throw DomainError.notFound(`budget pool ${poolId}`);
        throw DomainError.because('budget-pool-closed', 'this budget round is closed: it takes no more money');
      }
      const pool = rows[0];
      await appendAudit(manager, {
        stream: `budget-pool:${poolId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'budget-pool.topped-up',
        data: { amountFen: body.amountFen, reason: body.reason, totalFen: Number(pool.total_fen), topUp: pool.top_ups },
        at: this.time.now(),
      });
      await budgetArrived(manager, pool.program_code, pool.year);
    });
  }
}
