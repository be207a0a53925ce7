import { DRAW_CASE_NUMBER, EnterpriseProfile, grantsOfYear, versionInForce } from '@app/persistence';
import { EntityManager } from 'typeorm';

/** What a submission is judged with, besides the body: all of it as the database has it now. */
export interface SubmissionContext {
  enterprise: EnterpriseProfile;
  /** Its name, which the case's messages name. */
  enterpriseName: string;
  /** The program version in force for the year (the newest whose years include it), or null if none. */
  versionId: string | null;
  /** Whether the administrator closed the year's budget round, and when (null if not recorded). */
  round: { closed: boolean; closedAt: Date | null };
  /** What the enterprise already got approved in the program and year (the yearly caps count it). */
  grants: { grantedThisYearFen: number; grantedProvinceThisYearFen: number };
  /** The new case's number, drawn from the sequence of all cases (a refused request leaves a gap). */
  caseSeq: string;
}

/**
 * The enterprise's profile, the version in force, the round's state, the year's grants and the new case's number
 * in one round trip
 * (four on the deadline day's hottest path before). The version is only its id: a version never changes once
 * stored, so its definition comes from the catalogue's cache — and reading the id here, every time, means a new
 * version is in force for the very next submission, with nothing to invalidate. The subqueries are those of
 * `ProgramCatalog.forYear` (`versionInForce`), `yearlyGrants` (`grantsOfYear`) and the round check; none of them
 * is what stops a race (the unique indexes on applications are), so reading them before the INSERT is as safe as
 * it was. Null when there is no such enterprise.
 */
export async function readSubmissionContext(
  manager: EntityManager,
  enterpriseId: string,
  program: string,
  year: number,
): Promise<SubmissionContext | null> {
  const [row]: {
    id: string; name: string; region_code: string; scale: 'above' | 'below'; tech_sme_no: string | null;
    high_tech_cert_no: string | null; in_high_tech_zone: boolean; blacklisted: boolean;
    fact_proofs: EnterpriseProfile['factProofs']; version_id: string | null; closed: boolean;
    closed_at: Date | null; total: string; province: string; case_seq: string;
  }[] = await manager.query(
    `SELECT e.id, e.name, e.region_code, e.scale, e.tech_sme_no, e.high_tech_cert_no, e.in_high_tech_zone, e.blacklisted,
            e.fact_proofs,
            (SELECT v.id ${versionInForce('$2', '$3')}) AS version_id,
            r.closed IS NOT NULL AS closed, r.closed_at, g.total, g.province, ${DRAW_CASE_NUMBER} AS case_seq
       FROM enterprises e
       LEFT JOIN LATERAL (SELECT true AS closed, closed_at FROM budget_pools
                           WHERE program_code = $2 AND year = $3 AND status = 'closed') r ON true
       CROSS JOIN LATERAL (${grantsOfYear('e.id', '$2', '$3', 'NULL::uuid')}) g
      WHERE e.id = $1`,
    [enterpriseId, program, year],
  );
  if (!row) return null;
  return {
    enterprise: {
      id: row.id,
      regionCode: row.region_code,
      scale: row.scale,
      techSmeNo: row.tech_sme_no,
      highTechCertNo: row.high_tech_cert_no,
      inHighTechZone: row.in_high_tech_zone,
      blacklisted: row.blacklisted,
      factProofs: row.fact_proofs,
    },
    enterpriseName: row.name,
    versionId: row.version_id,
    round: { closed: row.closed, closedAt: row.closed_at },
    grants: { grantedThisYearFen: Number(row.total), grantedProvinceThisYearFen: Number(row.province) },
    caseSeq: row.case_seq,
  };
}
