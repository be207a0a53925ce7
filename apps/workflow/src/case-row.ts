import { CaseStatus, DomainError } from '@app/domain';
import { CaseRef } from '@app/persistence';
import { EntityManager } from 'typeorm';

export interface LockedCase extends CaseRef {
  enterpriseId: string;
  programCode: string;
  year: number;
  facts: Record<string, unknown>;
  noticeEndsAt: Date | null;
  supplementDueAt: Date | null;
  /** Facts of the amount resting on the enterprise's own word (declared, not verified yet). */
  unverifiedFacts: string[];
}

/**
 * Loads a case and locks its row for the rest of the transaction. A job naming a case that does not exist can
 * never succeed: not-found (the worker makes it unrecoverable).
 */
export async function lockCase(manager: EntityManager, id: string): Promise<LockedCase> {
  const rows: {
    id: string; status: CaseStatus; version: number; program_version_id: string; enterprise_id: string;
    program_code: string; year: number; facts: Record<string, unknown>; notice_ends_at: Date | null;
    supplement_due_at: Date | null; unverified_facts: string[] | null;
  }[] = await manager.query(
    `SELECT id, status, version, program_version_id, enterprise_id, program_code, year, facts, notice_ends_at,
            supplement_due_at, unverified_facts
       FROM applications WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const r = rows[0];
  if (!r) throw DomainError.notFound(`application ${id}`);
  return {
    id: r.id, status: r.status, version: r.version, programVersionId: r.program_version_id, enterpriseId: r.enterprise_id,
    programCode: r.program_code, year: r.year, facts: r.facts, noticeEndsAt: r.notice_ends_at,
    supplementDueAt: r.supplement_due_at, unverifiedFacts: r.unverified_facts ?? [],
  };
}
