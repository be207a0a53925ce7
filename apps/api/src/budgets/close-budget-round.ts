import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { CaseStatus, DomainError, formatSystemReason, reducedSplit, reduceProRata, Split } from '@app/domain';
import { Actor, appendAudit, CaseTransitions, ProgramCatalog, TimeSource } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { ClosedBudgetPoolDto, ReductionDto } from './budget-pool.dto';
import { BudgetPoolReader } from './budget-pool-reader';

interface HeldRow {
  application_id: string;
  reserved_fen: string;
  status: CaseStatus;
  version: number;
  split: Split | null;
  trace: unknown[] | null;
  program_version_id: string;
  committed: boolean;
}

/**
 * An administrator closes a round: no approval reserves from the pool afterwards. A pro-rata round that is
 * oversubscribed is reduced first (按比例核减): every approved-but-unpaid amount is scaled so the pool's total
 * holds, fen-exact, with its split recomputed. Each reduction is a same-status change through the transition writer
 * (version bump, transition and audit rows, the outbox row that tells the enterprise its new amount; no clock or
 * deadline moves) — all in this one transaction, so a failed close leaves nothing and a retried one starts over;
 * a close that went through is not done twice (the pool is closed: 409).
 *
 * Locks are taken in the order transitions take them (the cases, then the pool), so closing does not deadlock
 * with a reviewer refusing a case in 公示 at the same moment. Approvals that wait on the pool meanwhile find it
 * closed (409). Only a case approved in the instant between the two locks and refused before the close ends can
 * still collide; PostgreSQL then aborts one side, which the client sees as 409 "try again".
 */
@Injectable()
export class CloseBudgetRound {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly time: TimeSource,
    private readonly reader: BudgetPoolReader,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, poolId: string): Promise<ClosedBudgetPoolDto> {
    const actor = { accountId: principal.accountId, role: primaryRole(principal) };
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT a.id FROM applications a JOIN budget_reservations r ON r.application_id = a.id
          WHERE r.pool_id = $1 ORDER BY a.id FOR UPDATE OF a`,
        [poolId],
      );
      const [pool]: { status: string; allocation: string; total_fen: string; reserved_fen: string }[] = await manager.query(
        'SELECT status, allocation, total_fen, reserved_fen FROM budget_pools WHERE id = $1 FOR UPDATE',
        [poolId],
      );
      if (!pool) throw DomainError.notFound(`budget pool ${poolId}`);
      if (pool.status !== 'open') throw DomainError.because('budget-pool-closed', 'this budget round is closed already');

      const now = this.time.now();
      const total = Number(pool.total_fen);
      const reductions =
        pool.allocation === 'pro-rata' && Number(pool.reserved_fen) > total
          ? await this.reduce(manager, poolId, total, actor)
          : [];
      await manager.query(
        `UPDATE budget_pools SET status = 'closed', closed_at = $2,
                reserved_fen = (SELECT coalesce(sum(amount_fen), 0) FROM budget_reservations WHERE pool_id = $1)
          WHERE id = $1`,
        [poolId, now],
      );
      const closed = await this.reader.get(poolId, manager);
      await appendAudit(manager, {
        stream: `budget-pool:${poolId}`,
        actor,
        action: 'budget-pool.closed',
        data: {
          allocation: pool.allocation,
          totalFen: total,
          reservedBeforeFen: Number(pool.reserved_fen),
          reservedFen: closed.reservedFen,
          reducedCases: reductions.length,
        },
        at: now,
      });
      return { ...closed, reductions };
    });
  }

  /**
   * Scales the unpaid reservations so that they and the committed ones (paid, or in a disbursement) fit the
   * total. Committed money cannot be taken back, so only what is left after it is shared out.
   */
  private async reduce(
    manager: EntityManager,
    poolId: string,
    totalFen: number,
    actor: Actor,
  ): Promise<ReductionDto[]> {
    const held: HeldRow[] = await manager.query(
      `SELECT r.application_id, r.amount_fen AS reserved_fen, a.status, a.version, a.split, a.trace, a.program_version_id,
              (a.status = 'paid' OR EXISTS (SELECT 1 FROM disbursements d
                                             WHERE d.application_id = a.id AND d.status <> 'failed')) AS committed
         FROM budget_reservations r JOIN applications a ON a.id = r.application_id
        WHERE r.pool_id = $1 ORDER BY r.created_at, r.application_id`,
      [poolId],
    );
    const committedFen = held.filter((h) => h.committed).reduce((s, h) => s + Number(h.reserved_fen), 0);
    const reducible = held.filter((h) => !h.committed);
    const reduced = reduceProRata(
      reducible.map((h) => Number(h.reserved_fen)),
      Math.max(0, totalFen - committedFen),
    );

    const changes: ReductionDto[] = [];
    for (const [i, row] of reducible.entries()) {
      const fromFen = Number(row.reserved_fen);
      const toFen = reduced[i];
      if (toFen === fromFen) continue;
      const { definition } = await this.catalog.byId(row.program_version_id, manager);
      const split = reducedSplit(definition, toFen, row.split);
      const detail = formatSystemReason({ code: 'pro-rata-reduced', params: { poolFen: totalFen, fromFen, toFen } });
      await this.transitions.apply(manager, {
        application: { id: row.application_id, status: row.status, version: row.version, programVersionId: row.program_version_id },
        action: { type: 'pro-rata-reduced' },
        actor,
        reason: detail,
        patch: { amount_fen: toFen, split, trace: [...(row.trace ?? []), { rule: 'pro-rata-reduction', passed: true, detail }] },
        detail: { poolId, fromFen, toFen, split, previousSplit: row.split },
      });
      await manager.query('UPDATE budget_reservations SET amount_fen = $2 WHERE application_id = $1', [row.application_id, toFen]);
      changes.push({ applicationId: row.application_id, fromFen, toFen });
    }
    return changes;
  }
}
