import { EntityManager } from 'typeorm';
import { EnterpriseEntity } from './entities/enterprise.entity';

/**
 * Facts the bureau already holds about an enterprise. They override what an application says: nobody
 * declares their own region, scale, qualifications or blacklist status.
 */
export function profileFacts(enterprise: EnterpriseEntity): Record<string, unknown> {
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
  const [row]: { total: string; province: string }[] = await manager.query(
    `SELECT COALESCE(SUM(amount_fen), 0) AS total, COALESCE(SUM((split->>'province')::bigint), 0) AS province
       FROM applications WHERE enterprise_id = $1 AND program_code = $2 AND year = $3
        AND id IS DISTINCT FROM $4 AND status IN ('approved', 'paid')`,
    [enterpriseId, program, year, exceptApplicationId],
  );
  return { grantedThisYearFen: Number(row.total), grantedProvinceThisYearFen: Number(row.province) };
}
