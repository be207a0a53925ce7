import { CaseStatus, DomainError } from '@app/domain';
import { CaseRef, CaseTransitions, SYSTEM_ACTOR } from '@app/persistence';
import { startTestSystem, submittedCase, TestSystem, waitFor } from '@app/testing';

/**
 * A move's compare-and-set is in the statement that writes its transition, its audit row, its clock events and
 * the task of the stage it enters: that statement writes them only if the case moved. A move from a stale read
 * writes nothing and is a 409 `case-changed`; of two moves from one read, the second waits for the first and
 * then gets the 409 — not the unique violation of a second transition at the same seq.
 */
describe("a move's compare-and-set, in the statement that writes its transition", () => {
  let sys: TestSystem;
  let transitions: CaseTransitions;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'transition_cas', modules: [], consume: [], relay: false, http: false });
    transitions = sys.running.app.get(CaseTransitions);
  });
  afterAll(async () => sys?.stop());

  /** What a case has written: transitions, audit rows, clock events, tasks. */
  async function writtenFor(id: string, query = (sql: string, params: unknown[]) => sys.dataSource.query(sql, params)) {
    const [row]: { transitions: number; audits: number; events: number; tasks: number }[] = await query(
      `SELECT (SELECT count(*) FROM transitions WHERE application_id = $1)::int AS transitions,
              (SELECT count(*) FROM audit_log WHERE stream = 'application:' || $1)::int AS audits,
              (SELECT count(*) FROM clock_events WHERE application_id = $1)::int AS events,
              (SELECT count(*) FROM review_tasks WHERE application_id = $1)::int AS tasks`,
      [id],
    );
    return row;
  }

  const screen = (application: CaseRef) => ({ application, action: { type: 'screened' as const }, actor: SYSTEM_ACTOR });

  it('writes nothing of a move from a stale read, and answers case-changed', async () => {
    const application = await submittedCase(sys);
    const before = await writtenFor(application.id);
    await sys.dataSource.transaction(async (manager) => {
      // The caller read version 1 as 'acceptance': the case is still 'submitted'.
      const stale = { ...application, status: 'acceptance' as CaseStatus };
      const error = await transitions.apply(manager, { application: stale, action: { type: 'approve' }, actor: SYSTEM_ACTOR })
        .then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).reason).toBe('case-changed');
      // Nothing was written, not even inside the transaction the caller is about to roll back.
      expect(await writtenFor(application.id, (sql, params) => manager.query(sql, params))).toEqual(before);
    });
    const [{ status, version }]: { status: string; version: number }[] = await sys.dataSource.query(
      'SELECT status, version FROM applications WHERE id = $1', [application.id],
    );
    expect({ status, version }).toEqual({ status: 'submitted', version: 1 });
  });

  it('lets one of two moves from one read win; the other waits for it and gets case-changed', async () => {
    const application = await submittedCase(sys);
    const before = await writtenFor(application.id);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstMoved!: () => void;
    const firstDone = new Promise<void>((resolve) => (firstMoved = resolve));
    // The first move is written and holds its transaction open…
    const first = sys.dataSource.transaction(async (manager) => {
      const result = await transitions.apply(manager, screen(application));
      firstMoved();
      await held;
      return result;
    });
    await firstDone;
    // …the second, from the same read, waits for the case row it holds…
    const second = sys.dataSource.transaction((manager) => transitions.apply(manager, screen(application))).then(() => null, (e: unknown) => e);
    await waitFor(async () => {
      const [{ n }]: { n: number }[] = await sys.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted`,
      );
      return n > 0;
    }, 'the second move to wait for the first');
    // …and once the first commits, finds the case moved.
    release();
    expect(await first).toMatchObject({ from: 'submitted', to: 'acceptance', version: 2 });
    const error = await second;
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).reason).toBe('case-changed');
    const after = await writtenFor(application.id);
    expect(after).toEqual({
      transitions: before.transitions + 1, audits: before.audits + 1, events: before.events + 2, tasks: before.tasks + 1,
    });
  });
});
