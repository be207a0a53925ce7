import { DomainError } from '@app/domain';

/**
 * Whether a program's round for a fiscal year takes applications: not for a year that has not begun (its
 * expenses or recognition cannot exist yet), nor once the administrator closed the year's budget round. Each
 * refusal is a 422 naming `year` with the reason. `round` is the year's budget round as read (submission-context.ts).
 */
export function refuseUnopenedRound(
  program: string,
  year: number,
  today: string,
  round: { closed: boolean; closedAt: Date | null },
): void {
  const thisYear = Number(today.slice(0, 4));
  if (year > thisYear) {
    throw new DomainError(
      'unprocessable',
      `the fiscal year ${year} has not begun: applications for it open once it has`,
      [{ field: 'year', message: `the fiscal year ${year} has not begun (it is ${thisYear})` }],
    );
  }
  if (round.closed) {
    const on = round.closedAt ? ` on ${round.closedAt.toISOString().slice(0, 10)}` : '';
    throw new DomainError(
      'unprocessable',
      `the ${year} round of ${program} is closed: it takes no more applications`,
      [{ field: 'year', message: `the ${year} round of ${program} was closed${on}` }],
    );
  }
}
