import { ALL_QUEUES, QueueName } from '@app/contracts';
import { checkInvariants, owedMessages, startTestSystem, TestSystem, violations, waitFor, WorkflowProcess } from '@app/testing';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { ApiModule } from '../../apps/api/src/api.module';
import { NotifierModule } from '../../apps/notifier/src/notifier.module';
import { SlaModule } from '../../apps/sla/src/sla.module';
import { postgresAt, redisAt } from './servers';

/**
 * Shared by the scenario files. The fault matrix of docs/RELIABILITY.md that needs real faults, on the suite's own PostgreSQL and Redis
 * (global-setup.ts): each scenario runs a load, injects its fault, lets things settle, and checks every
 * invariant (I1–I9, and M: no message owed and not sent). The table at the end says, per scenario, the
 * load, the fault and the violations.
 */
export const pg = postgresAt(process.env.FAULT_PG_DIR!, Number(process.env.FAULT_PG_PORT));
export const redis = redisAt(process.env.FAULT_REDIS_DIR!, Number(process.env.FAULT_REDIS_PORT));
export const compiled = existsSync(resolve(__dirname, '../../dist/apps/workflow/main.js'));
export const WORKER_ENV = { WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '4' };

interface Row {
  scenario: string;
  load: string;
  fault: string;
  violations: number | string;
}
const table: Row[] = [];

/** Prints this file's rows of the fault table (each scenario file prints its own). */
export function printTable(): void {
  const header = ['scenario', 'load', 'fault', 'violations'];
  const cells = table.map((r) => [r.scenario, r.load, r.fault, String(r.violations)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(['', 'fault suite', line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), ''].join('\n'));
}

/** Settles, checks every invariant, records the row, and fails the scenario on any violation. */
export async function verdict(sys: TestSystem, row: Omit<Row, 'violations'>, acknowledged: string[], settleMs = 90_000): Promise<void> {
  let found: string[] = ['not settled'];
  try {
    await sys.waitForIdle(settleMs);
    await waitFor(async () => (await owedMessages(sys.dataSource)).length === 0, 'no message owed', settleMs);
    found = violations(await checkInvariants(sys.dataSource, { acknowledged, queues: sys.queues }));
  } finally {
    table.push({ ...row, violations: found.length === 1 && found[0] === 'not settled' ? 'not settled' : found.length });
  }
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

export async function connected(sys: TestSystem, w: WorkflowProcess): Promise<void> {
  await waitFor(
    async () => (await sys.queues.queue(QueueName.Workflow).getWorkers()).some((c) => String(c.rawname ?? '').endsWith(`:w:${w.name}`)),
    `workflow ${w.summary()} to connect`,
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${w.output()}`);
  });
}


/** One scenario per file: its system and spawned processes are stopped after it, and its row printed. */
export function scenario(): { sys: () => TestSystem | undefined; set: (s: TestSystem) => TestSystem; workflows: WorkflowProcess[] } {
  let sys: TestSystem | undefined;
  const workflows: WorkflowProcess[] = [];
  afterAll(async () => {
    printTable();
    await Promise.all(workflows.splice(0).map((w) => w.kill()));
    await sys?.stop();
  });
  return { sys: () => sys, set: (s) => (sys = s), workflows };
}
