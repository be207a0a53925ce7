import { PROFILE_FACT_FIELDS, PROFILE_FIELDS, PROGRAM_FACTS, type ProfileField, ProgramCode } from '@app/domain';
import { EntityManager } from 'typeorm';
import { EnterpriseEntity, FactProof } from './entities/enterprise.entity';

// Kept here for their users in the persistence layer and the apps; the domain owns them.
export { PROFILE_FACT_FIELDS, PROFILE_FIELDS };
export type { ProfileField };

/** The columns of an enterprise its facts (and which of them are verified) are made of. */
export type EnterpriseProfile = Pick<
  EnterpriseEntity,
  'id' | 'regionCode' | 'scale' | 'techSmeNo' | 'highTechCertNo' | 'inHighTechZone' | 'blacklisted' | 'factProofs'
>;

/**
 * Facts the bureau already holds about an enterprise. They override what an application says: nobody
 * declares their own region, scale, qualifications or blacklist status.
 */
export function profileFacts(enterprise: EnterpriseProfile): Record<string, unknown> {
  return {
    regionCode: enterprise.regionCode,
    scale: enterprise.scale,
    blacklisted: enterprise.blacklisted,
    isTechSme: enterprise.techSmeNo !== null,
    isHighTech: enterprise.highTechCertNo !== null,
    inHighTechZone: enterprise.inHighTechZone,
  };
}

/**
 * The sums of what an enterprise got approved (or paid) in a program and year, as `total` and `province` (SQL
 * expressions for the enterprise, program, year and a case to leave out, or NULL).
 */
export function grantsOfYear(enterprise: string, program: string, year: string, except: string): string {
  return `SELECT COALESCE(SUM(amount_fen), 0) AS total, COALESCE(SUM((split->>'province')::bigint), 0) AS province
            FROM applications WHERE enterprise_id = ${enterprise} AND program_code = ${program} AND year = ${year}
             AND id IS DISTINCT FROM ${except} AND status IN ('approved', 'paid')`;
}

/**
 * What the enterprise already got approved in a program and year (the yearly caps count it), except one
 * case (the one being judged).
 */
export async function yearlyGrants(
  manager: EntityManager,
  enterpriseId: string,
  program: string,
  year: number,
  exceptApplicationId: string | null = null,
): Promise<{ grantedThisYearFen: number; grantedProvinceThisYearFen: number }> {
  const [row]: { total: string; province: string }[] = await manager.query(grantsOfYear('$1', '$2', '$3', '$4'), [
    enterpriseId, program, year, exceptApplicationId,
  ]);
  return { grantedThisYearFen: Number(row.total), grantedProvinceThisYearFen: Number(row.province) };
}

/** Whether a profile field is declared (by the enterprise) or verified, with who verified it and when. */
export interface FactStanding {
  status: 'declared' | 'verified';
  source: 'enterprise' | FactProof['source'];
  by: string | null;
  at: string | null;
}

export function factStanding(proofs: Record<string, FactProof> | null, field: ProfileField): FactStanding {
  const proof = proofs?.[field];
  return proof
    ? { status: 'verified', source: proof.source, by: proof.by, at: proof.at }
    : { status: 'declared', source: 'enterprise', by: null, at: null };
}

/**
 * The facts of a program's amount that rest on profile fields nobody has verified: screening computes with them
 * as a provisional amount, and acceptance cannot approve until a reviewer verifies them.
 */
export function unverifiedFactsOf(program: string, enterprise: Pick<EnterpriseProfile, 'factProofs'>): string[] {
  const known = PROGRAM_FACTS[program as ProgramCode] ?? {};
  return Object.keys(PROFILE_FACT_FIELDS).filter((fact) => fact in known && !enterprise.factProofs?.[PROFILE_FACT_FIELDS[fact]]);
}

/** Proofs for every profile field at once (an import or a registry vouches for the whole record). */
export function allFieldsProven(source: FactProof['source'], by: string | null, at: Date): Record<string, FactProof> {
  return Object.fromEntries(PROFILE_FIELDS.map((f) => [f, { source, by, at: at.toISOString() }]));
}
