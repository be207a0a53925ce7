import { CLOSED_STATUSES, DomainError } from '@app/domain';
import { EntityManager } from 'typeorm';

/**
 * Money that must never be granted twice, beyond "one open case per enterprise, program and year": one
 * high-tech reward per certificate number (docs/PROGRAMS.md) and one voucher per service contract. A case that was
 * refused, withdrawn, declined or lapsed no longer claims anything. Each rule is a partial unique expression
 * index on the case's facts (migration DuplicateClaims), which is what holds under concurrency; the queries here
 * let the adapters answer with a clear message first, and let the calculator's trace say so.
 */
export const DUPLICATE_CLAIMS = [
  {
    program: 'high-tech-reward',
    fact: 'certificateNo',
    constraint: 'uq_applications_certificate',
    message: (value: string) => `the high-tech enterprise certificate ${value} has been rewarded already (one reward per certificate)`,
  },
  {
    program: 'innovation-voucher',
    fact: 'contractNo',
    constraint: 'uq_applications_voucher_contract',
    message: (value: string) => `the service contract ${value} is subsidised by another voucher already`,
  },
] as const;

/** Whether another case (not closed, not `exceptApplicationId`) claims the same certificate or contract. */
export async function findDuplicateClaim(
  manager: EntityManager,
  program: string,
  facts: Readonly<Record<string, unknown>>,
  exceptApplicationId: string | null = null,
): Promise<DomainError | null> {
  for (const claim of DUPLICATE_CLAIMS) {
    const value = facts[claim.fact];
    if (claim.program !== program || typeof value !== 'string') continue;
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM applications
        WHERE program_code = $1 AND facts->>'${claim.fact}' = $2 AND status <> ALL($3::text[])
          AND id IS DISTINCT FROM $4 LIMIT 1`,
      [program, value, CLOSED_STATUSES, exceptApplicationId],
    );
    if (rows.length) return DomainError.because('duplicate-claim', claim.message(value));
  }
  return null;
}

/** The 409 for a unique violation of one of these indexes (a concurrent duplicate), or null for any other. */
export function duplicateClaimError(error: unknown, facts: Readonly<Record<string, unknown>>): DomainError | null {
  const constraint = (error as { constraint?: string }).constraint;
  const claim = DUPLICATE_CLAIMS.find((c) => c.constraint === constraint);
  return claim ? DomainError.because('duplicate-claim', claim.message(String(facts[claim.fact]))) : null;
}
