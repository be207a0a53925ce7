import { ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';

/** The required kinds of the case's version that no upload of the case is yet, in the version's order. */
export async function missingMaterials(manager: EntityManager, applicationId: string, version: ProgramVersion): Promise<string[]> {
  const rows: { kind: string }[] = await manager.query('SELECT DISTINCT kind FROM materials WHERE application_id = $1', [applicationId]);
  const handedIn = new Set(rows.map((r) => r.kind));
  return version.requiredMaterials.filter((kind) => !handedIn.has(kind));
}
