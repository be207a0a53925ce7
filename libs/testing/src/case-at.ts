import { CaseStatus } from '@app/domain';
import { CaseRef, CaseTransitions, ProgramCatalog, SYSTEM_ACTOR } from '@app/persistence';
import { createEnterprise } from './factories';
import { TestSystem } from './test-system';

/**
 * A case of `enterpriseId` (or of an enterprise of its own), moved through the real state machine (transitions,
 * clocks, audit, outbox) up to `stop` without the HTTP round trips, so a test can have many of them quickly.
 */
export async function caseAt(
  sys: Pick<TestSystem, 'http' | 'dataSource'>,
  program: string,
  year: number,
  amountFen: number,
  stop: CaseStatus,
  enterpriseId?: string,
): Promise<string> {
  const owner = enterpriseId ?? (await createEnterprise(sys.dataSource)).enterpriseId;
  const [{ name }]: { name: string }[] = await sys.dataSource.query('SELECT name FROM enterprises WHERE id = $1', [owner]);
  const version = await sys.http.get(ProgramCatalog).forYear(program, year);
  const transitions = sys.http.get(CaseTransitions);
  return sys.dataSource.transaction(async (manager) => {
    const { applicationId } = await transitions.open(manager, {
      enterpriseId: owner, enterpriseName: name, programCode: program, programVersionId: version.id, year, facts: {},
      status: 'submitted', actor: SYSTEM_ACTOR,
      patch: { eligible: true, amount_fen: amountFen, split: { province: amountFen }, trace: [] },
    });
    let application = { id: applicationId, status: 'submitted' as CaseStatus, version: 1, programVersionId: version.id };
    while (application.status !== stop) {
      const action = application.status === 'submitted' ? { type: 'screened' as const } : { type: 'approve' as const };
      const moved = await transitions.apply(manager, { application, action, actor: SYSTEM_ACTOR, reason: 'test setup' });
      application = { ...application, status: moved.to, version: moved.version };
    }
    return applicationId;
  });
}

/** A submitted voucher case of an enterprise of its own (`caseAt`), as a transition takes it. */
export async function submittedCase(sys: Pick<TestSystem, 'http' | 'dataSource'>): Promise<CaseRef> {
  const id = await caseAt(sys, 'innovation-voucher', 2024, 100_000, 'submitted');
  const [{ programVersionId }]: { programVersionId: string }[] = await sys.dataSource.query(
    'SELECT program_version_id AS "programVersionId" FROM applications WHERE id = $1', [id],
  );
  return { id, status: 'submitted', version: 1, programVersionId };
}
