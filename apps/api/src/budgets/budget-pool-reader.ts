import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { BudgetPoolDto, BudgetPoolListQuery } from './budget-pool.dto';

interface PoolRow {
  id: string;
  program_code: string;
  year: number;
  allocation: string;
  status: string;
  total_fen: string;
  reserved_fen: string;
  cases: string;
  closed_at: Date | null;
  top_ups: number;
  waiting_cases: string;
  waiting_fen: string;
}

const SELECT = `SELECT p.id, p.program_code, p.year, p.allocation, p.status, p.total_fen, p.reserved_fen, p.closed_at, p.top_ups,
                       (SELECT count(*) FROM budget_reservations r WHERE r.pool_id = p.id) AS cases,
                       w.n AS waiting_cases, w.fen AS waiting_fen
                  FROM budget_pools p
                  CROSS JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(a.amount_fen), 0) AS fen FROM applications a
                                       WHERE a.program_code = p.program_code AND a.year = p.year
                                         AND a.budget_wait_since IS NOT NULL) w`;

/** Pools with what they hold and what is left, as administrators, directors and auditors see them. */
@Injectable()
export class BudgetPoolReader {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: BudgetPoolListQuery): Promise<BudgetPoolDto[]> {
    const rows: PoolRow[] = await this.dataSource.query(
      `${SELECT} WHERE ($1::text IS NULL OR p.program_code = $1) AND ($2::int IS NULL OR p.year = $2)
        ORDER BY p.year DESC, p.program_code`,
      [query.program ?? null, query.year ?? null],
    );
    return rows.map(toDto);
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<BudgetPoolDto> {
    const [row]: PoolRow[] = await manager.query(`${SELECT} WHERE p.id = $1`, [id]);
    if (!row) throw DomainError.notFound(`budget pool ${id}`);
    return toDto(row);
  }
}

function toDto(row: PoolRow): BudgetPoolDto {
  const total = Number(row.total_fen);
  const reserved = Number(row.reserved_fen);
  return {
    id: row.id,
    program: row.program_code,
    year: row.year,
    allocation: row.allocation,
    status: row.status,
    totalFen: total,
    reservedFen: reserved,
    remainingFen: Math.max(0, total - reserved),
    oversubscribedFen: Math.max(0, reserved - total),
    cases: Number(row.cases),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    topUps: row.top_ups,
    waitingCases: Number(row.waiting_cases),
    waitingFen: Number(row.waiting_fen),
  };
}
