import { DomainError, FieldError, ProgramVersion } from '@app/domain';
import { PROFILE_FACT_FIELDS } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { HANDED_IN_KINDS, missingOf } from '../materials/required-materials';

/**
 * Acceptance (受理) approves only a complete case: every required material of its version handed in, and every
 * fact its amount rests on verified (not only declared by the enterprise). Otherwise a 422 naming what is
 * missing, so the reviewer knows to return it for 补正 or to verify the facts first.
 */
export async function refuseIncompleteDossier(manager: EntityManager, applicationId: string, version: ProgramVersion): Promise<void> {
  const errors: FieldError[] = [];
  // The uploads' kinds and the facts still to verify, in one read.
  const [row]: { unverified_facts: string[] | null; kinds: string[] }[] = await manager.query(
    `SELECT a.unverified_facts, ${HANDED_IN_KINDS('a.id')} AS kinds FROM applications a WHERE a.id = $1`,
    [applicationId],
  );
  const missing = missingOf(version, row?.kinds ?? []);
  if (missing.length) errors.push({ field: 'materials', message: `required materials missing: ${missing.join('、')}` });
  const unverified = row?.unverified_facts ?? [];
  if (unverified.length) {
    errors.push({
      field: 'facts',
      message: `facts declared by the enterprise and not verified: ${unverified.map((f) => `${f} (${PROFILE_FACT_FIELDS[f] ?? f})`).join(', ')}; verify them at POST /api/v1/applications/${applicationId}/fact-verifications`,
    });
  }
  if (errors.length) {
    throw DomainError.because('dossier-incomplete', `the case cannot be accepted yet: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
}
