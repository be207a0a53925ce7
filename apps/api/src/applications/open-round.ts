import { DomainError } from '@app/domain';
import { EntityManager } from 'typeorm';

/**
 * Whether a program's round for a fiscal year takes applications: not for a year that has not begun (its
 * expenses or recognition cannot exist yet), nor once the administrator closed the year's budget round. Each
 * refusal is a 422 naming `year` with the reason.
 */
export async function refuseUnopenedRound(
  manager: EntityManager,
  program: string,
  year: number,
  today: string,
): Promise<void> {
  const thisYear = Number(today.slice(0, 4));
  if (year > thisYear) {
    throw new DomainError(
      'unprocessable',
      `the fiscal year ${year} has not begun: applications for it open once it has`,
      [{ field: 'year', message: `the fiscal year ${year} has not begun (it is ${thisYear})` }],
    );
  }
  const [closed]: { closed_at: Date | null }[] = await manager.query(
    `SELECT closed_at FROM budget_pools WHERE program_code = $1 AND year = $2 AND status = 'closed'`,
    [program, year],
  );
  if (closed) {
    const on = closed.closed_at ? ` on ${closed.closed_at.toISOString().slice(0, 10)}` : '';
    throw new DomainError(
      'unprocessable',
      `the ${year} round of ${program} is closed: it takes no more applications`,
      [{ field: 'year', message: `the ${year} round of ${program} was closed${on}` }],
    );
  }
}
