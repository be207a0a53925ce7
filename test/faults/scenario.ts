import { ALL_QUEUES, QueueName } from '@app/contracts';
import { checkInvariants, owedMessages, startTestSystem, TestSystem, violations, waitFor, WorkflowProcess } from '@app/testing';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { ApiModule } from '../../apps/api/src/api.module';
import { NotifierModule } from '../../apps/notifier/src/notifier.module';
import { SlaModule } from '../../apps/sla/src/sla.module';
import { postgresAt, redisAt } from './servers';
import { formatTable, recordRow, Row } from './table';

/**
 * Shared by the scenario files. The fault matrix of docs/RELIABILITY.md that needs real faults, on the suite's own PostgreSQL and Redis
 * (global-setup.ts): each scenario runs a load, injects its fault, lets things settle, and checks every
 * invariant (I1–I9, and M: no message owed and not sent). The table (table.ts) says, per scenario, the
 * load, the fault, the violations and the time; global-teardown.ts prints it whole at the end.
 */
export const pg = postgresAt(process.env.FAULT_PG_DIR!, Number(process.env.FAULT_PG_PORT));
export const redis = redisAt(process.env.FAULT_REDIS_DIR!, Number(process.env.FAULT_REDIS_PORT));
/** Workflow processes run from `npm run build`'s dist when it is fresh (spawnWorkflow), else under ts-node. */
export const WORKER_ENV = { WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '4' };

/** What one scenario file recorded: its row (once its checks ran) and where its time went. */
let row: Omit<Row, 'seconds' | 'phases'> | null = null;
let started = Date.now();
let mark = started;
const phases: string[] = [];

/** Closes the current phase of the scenario (for the time column and the time bounds). */
export function phase(label: string): void {
  const now = Date.now();
  phases.push(`${label} ${((now - mark) / 1000).toFixed(1)}`);
  mark = now;
}

type Described = Omit<Row, 'violations' | 'seconds' | 'phases'>;

/** Names the scenario's load and fault for the table, before the scenario's own checks (which may fail). */
export function describeRow(what: Described): Described {
  row = { ...what, violations: 'not checked' };
  return what;
}

/** Settles, checks every invariant, records the row, and fails the scenario on any violation. */
export async function verdict(sys: TestSystem, what: Described, acknowledged: string[], settleMs = 90_000): Promise<void> {
  row = { ...what, violations: 'not settled' };
  await sys.waitForIdle(settleMs);
  await waitFor(async () => (await owedMessages(sys.dataSource)).length === 0, 'no message owed', settleMs);
  phase('settle');
  const found = violations(await checkInvariants(sys.dataSource, { acknowledged, queues: sys.queues }));
  phase('checks');
  row.violations = found.length;
  expect(found).toEqual([]);
}

export const screenedOnce = async (sys: TestSystem, ids: string[]): Promise<string[]> =>
  (
    await sys.dataSource.query(
      `SELECT a.id, (SELECT count(*) FROM transitions t WHERE t.application_id = a.id AND t.action = 'screened') AS n
         FROM applications a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    )
  ).filter((r: { n: string }) => r.n !== '1').map((r: { id: string; n: string }) => `${r.id} screened ${r.n}×`);

export const allInOne = (label: string, env: Record<string, string> = {}) =>
  startTestSystem({ label, modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true, env });
/** API, SLA and notifier in the test process; the workflow (and the relay) in processes of their own. */
export const withoutWorkflow = (label: string) =>
  startTestSystem({ label, modules: [ApiModule, SlaModule, NotifierModule], consume: [QueueName.Sla, QueueName.Alarms, QueueName.Notifier], relay: false });



/**
 * One scenario per file, bounded by `boundMs` (its `it` timeout): its system and spawned processes are stopped
 * after it, and its row is printed and recorded for the whole table — with the phase it failed in, if it did.
 */
export function scenario(name: string, boundMs: number) {
  let sys: TestSystem | undefined;
  const workflows: WorkflowProcess[] = [];
  beforeAll(() => {
    started = mark = Date.now();
  });
  afterAll(async () => {
    const done: Row = {
      ...(row ?? { scenario: name, load: '-', fault: '-', violations: 'not reached' }),
      scenario: row?.scenario ?? name,
      seconds: Math.round((Date.now() - started) / 1000),
      phases: phases.join(', '),
    };
    if (typeof done.violations === 'string') {
      done.violations = `${done.violations} (failed after: ${phases.at(-1) ?? 'start'})`;
      done.phases += `, then ${((Date.now() - mark) / 1000).toFixed(1)} until it failed`;
    }
    recordRow(done);
    process.stdout.write(formatTable([done], 'fault suite'));
    await Promise.all(workflows.splice(0).map((w) => w.kill()));
    await sys?.stop();
  }, 60_000);
  return { sys: () => sys, set: (s: TestSystem) => (sys = s), workflows, bound: boundMs };
}
