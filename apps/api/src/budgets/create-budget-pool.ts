import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, budgetArrived, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { CreateBudgetPoolDto } from './budget-pool.dto';

/**
 * An administrator opens the budget of a program and year; a second pool for the same pair is a 409. Cases whose
 * final approval waited for it move on (a `ReleaseBudgetWaits` job).
 */
@Injectable()
export class CreateBudgetPool {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async execute(principal: Principal, body: CreateBudgetPoolDto): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO budget_pools (program_code, year, total_fen, allocation) VALUES ($1, $2, $3, $4)
         ON CONFLICT (program_code, year) DO NOTHING RETURNING id`,
        [body.program, body.year, body.totalFen, body.allocation],
      );
      if (!inserted.length) throw DomainError.conflict(`a budget pool for ${body.program} ${body.year} exists already`);
      const id = inserted[0].id;
      await appendAudit(manager, {
        stream: `budget-pool:${id}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'budget-pool.created',
        data: { program: body.program, year: body.year, totalFen: body.totalFen, allocation: body.allocation },
        at: this.time.now(),
      });
      await budgetArrived(manager, body.program, body.year);
      return id;
    });
  }
}
