import { caseNumber, CaseRef, DomainError } from '@app/domain';
import { EntityManager } from 'typeorm';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The last minute before a deadline, as a person reads it (Asia/Shanghai): a 补正 or confirmation time that runs
 * out at the start of a day is shown as 23:59 of the day before.
 */
export function deadlineText(at: Date | null): string | null {
  if (!at) return null;
  return new Date(at.getTime() - 60_000 + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export interface CaseFacts {
  ref: CaseRef;
  supplementItems: string[];
  supplementDueAt: Date | null;
  noticeEndsAt: Date | null;
  offerLapsesAt: Date | null;
}

/** What messages about a case say: its number, program and enterprise, and the deadlines that apply to it now. */
export async function loadCaseFacts(manager: EntityManager, applicationId: string): Promise<CaseFacts> {
  const [row]: {
    id: string; year: number; case_seq: string | null; name: { zh: string; en: string }; enterprise: string; supplement_items: string[] | null;
    supplement_due_at: Date | null; notice_ends_at: Date | null; lapses_at: Date | null;
  }[] = await manager.query(
    `SELECT a.id, a.year, a.case_seq, pv.definition->'name' AS name, e.name AS enterprise, a.supplement_items, a.supplement_due_at,
            a.notice_ends_at, (SELECT o.lapses_at FROM offers o WHERE o.application_id = a.id) AS lapses_at
       FROM applications a JOIN program_versions pv ON pv.id = a.program_version_id JOIN enterprises e ON e.id = a.enterprise_id
      WHERE a.id = $1`,
    [applicationId],
  );
  if (!row) throw DomainError.notFound(`application ${applicationId}`);
  return {
    ref: { number: caseNumber(row.year, row.id, row.case_seq), program: row.name, enterprise: row.enterprise },
    supplementItems: row.supplement_items ?? [],
    supplementDueAt: row.supplement_due_at,
    noticeEndsAt: row.notice_ends_at,
    offerLapsesAt: row.lapses_at,
  };
}

/** The references of many cases in one query (an alarm burst names hundreds at once). */
export async function loadCaseRefs(manager: EntityManager, applicationIds: string[]): Promise<Map<string, CaseRef>> {
  const rows: { id: string; year: number; case_seq: string | null; name: { zh: string; en: string }; enterprise: string }[] = await manager.query(
    `SELECT a.id, a.year, a.case_seq, pv.definition->'name' AS name, e.name AS enterprise
       FROM applications a JOIN program_versions pv ON pv.id = a.program_version_id JOIN enterprises e ON e.id = a.enterprise_id
      WHERE a.id = ANY($1::uuid[])`,
    [[...new Set(applicationIds)]],
  );
  return new Map(rows.map((r) => [r.id, { number: caseNumber(r.year, r.id, r.case_seq), program: r.name, enterprise: r.enterprise }]));
}
