import { CLOSED_STATUSES, DomainError, OnceOnlyClaim, onceOnlyRefusal, ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';

/**
 * Money that must never be granted twice, beyond "one open case per enterprise, program and year": what the
 * program version lists as `onceOnlyClaims` (one high-tech reward per certificate number, one voucher per service
 * contract; docs/PROGRAMS.md). A case that was refused, withdrawn, declined or lapsed no longer claims anything.
 * Each rule is a partial unique expression index on the case's facts (migration DuplicateClaims), which is what
 * holds under concurrency; the queries here let the adapters answer with a clear message first, and let the
 * calculator's trace say so.
 */

/** The cases of `version.program` (not closed, not `exceptApplicationId`) holding one of `values` of `claim.fact`. */
export async function claimedValues(
  manager: EntityManager,
  program: string,
  claim: OnceOnlyClaim,
  values: readonly string[],
  exceptApplicationId: string | null = null,
): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const rows: { value: string }[] = await manager.query(
    `SELECT DISTINCT facts->>$1 AS value FROM applications
      WHERE program_code = $2 AND facts->>$1 = ANY($3::text[]) AND status <> ALL($4::text[])
        AND id IS DISTINCT FROM $5`,
    [claim.fact, program, values, CLOSED_STATUSES, exceptApplicationId],
  );
  return new Set(rows.map((r) => r.value));
}

/** The 409 when another case (not closed, not `exceptApplicationId`) claims what `facts` claim once only. */
export async function findDuplicateClaim(
  manager: EntityManager,
  version: ProgramVersion,
  facts: Readonly<Record<string, unknown>>,
  exceptApplicationId: string | null = null,
): Promise<DomainError | null> {
  for (const claim of version.onceOnlyClaims) {
    const value = facts[claim.fact];
    if (typeof value !== 'string') continue;
    if ((await claimedValues(manager, version.program, claim, [value], exceptApplicationId)).size) {
      return DomainError.because('duplicate-claim', onceOnlyRefusal(claim, value));
    }
  }
  return null;
}

/** Index detail of PostgreSQL: `Key ((facts ->> 'certificateNo'::text))=(GR…) already exists.` */
const FACT_KEY = /^Key \(\(facts ->> '([^']+)'::text\)\)=\((.*)\) already exists/;

/**
 * The 409 for a unique violation of a once-only claim of `version` (a concurrent duplicate), or null for any
 * other error. The fact and its value are read from the violated index's detail.
 */
export function duplicateClaimError(error: unknown, version: ProgramVersion): DomainError | null {
  const key = FACT_KEY.exec((error as { detail?: string }).detail ?? '');
  const claim = key && version.onceOnlyClaims.find((c) => c.fact === key[1]);
  return claim ? DomainError.because('duplicate-claim', onceOnlyRefusal(claim, key[2])) : null;
}
