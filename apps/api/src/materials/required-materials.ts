import { ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';

/** The kinds a case's uploads are, as an SQL expression over its id (`app`). */
export const HANDED_IN_KINDS = (app: string) => `ARRAY(SELECT DISTINCT kind FROM materials WHERE application_id = ${app})`;

/** The required kinds of the version that are not among `handedIn`, in the version's order. */
export function missingOf(version: ProgramVersion, handedIn: readonly string[]): string[] {
  const have = new Set(handedIn);
  return version.requiredMaterials.filter((kind) => !have.has(kind));
}

/** The required kinds of the case's version that no upload of the case is yet, in the version's order. */
export async function missingMaterials(manager: EntityManager, applicationId: string, version: ProgramVersion): Promise<string[]> {
  const [row]: { kinds: string[] }[] = await manager.query(`SELECT ${HANDED_IN_KINDS('$1::uuid')} AS kinds`, [applicationId]);
  return missingOf(version, row.kinds);
}
