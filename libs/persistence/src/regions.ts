import { FieldError } from '@app/domain';
import { EntityManager } from 'typeorm';

/** The codes of the `regions` reference table (GB/T 2260 county-level divisions of the bureau's area). */
export async function knownRegionCodes(manager: Pick<EntityManager, 'query'>): Promise<Set<string>> {
  const rows: { code: string }[] = await manager.query('SELECT code FROM regions');
  return new Set(rows.map((r) => r.code));
}

/** The field error for a region code that is not in the reference table, or null when it is. */
export function regionCodeProblem(known: ReadonlySet<string>, code: unknown, field = 'regionCode'): FieldError | null {
  if (typeof code === 'string' && known.has(code)) return null;
  return {
    field,
    message: `${String(code)} is not a county-level division of the bureau's area (GB/T 2260); GET /api/v1/regions lists them`,
  };
}
