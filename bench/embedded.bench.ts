import { freePort } from '@app/runtime';
import { createEnterprise, spawnApp, waitFor } from '@app/testing';
import { createDataSource } from '@app/persistence';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { report, timed } from './report';

/** Proportional memory (PSS: shared pages split between the processes sharing them) of a process, in MB. */
function pssMb(pid: number): number {
  try {
    const kb = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m)?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The postmaster and every process it forked (backends, checkpointer, walwriter…). */
function postgresPids(postmaster: number): number[] {
  const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster;
    } catch {
      return false;
    }
  });
  return [postmaster, ...children.map(Number)];
}

/**
 * `npm start` with nothing installed (`DATABASE_URL=embedded`): start-up time on a fresh data folder, memory
 * after start and after work (the node process and the embedded PostgreSQL server, PSS), and how long CASES
 * submissions take to be screened — with the queues on BullMQ's PostgreSQL backend (`REDIS_URL=none`) and,
 * for comparison, on the machine's Redis.
 */
export async function embeddedBench(): Promise<void> {
  const cases = Number(process.env.BENCH_CASES ?? 50);
  const rows = [];
  for (const queues of ['none', 'redis'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'sf-bench-embedded-'));
    const port = await freePort();
    const app = spawnApp('all-in-one', {
      NODE_ENV: 'development', DATABASE_URL: 'embedded', DATA_DIR: dataDir, PORT: String(port), RATE_LIMITS: 'false', LOG_LEVEL: 'warn',
      REDIS_URL: queues === 'none' ? 'none' : 'redis://127.0.0.1:6379', QUEUE_PREFIX: `bench_${process.pid}`,
    });
    try {
      const ready = await timed(() => app.waitForOutput(/"summary":(\[.*?\]),"msg":"subsidy-flow ready"/, 'ready', 300_000));
      const summary = JSON.parse(ready.value[1]) as string[];
      const url = summary.join('\n').match(/for other apps of this system: (postgres:\/\/\S+)/)?.[1] as string;
      const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const memory = () => ({ node: pssMb(app.child.pid as number), postgres: postgresPids(postmaster).reduce((s, p) => s + pssMb(p), 0) });
      const atStart = memory();
      const ds = createDataSource(url, { extra: { max: 4 } });
      await ds.initialize();
      const api = () => request(`http://127.0.0.1:${port}`);
      const tokens = await Promise.all(
        Array.from({ length: cases }, async () => {
          const e = await createEnterprise(ds, { regionCode: '350102' });
          const res = await api().post('/api/v1/auth/login').send({ username: e.username, password: 'test-password-1' });
          return `Bearer ${res.body.accessToken}`;
        }),
      );
      const flow = await timed(async () => {
        await Promise.all(tokens.map((auth) => api().post('/api/v1/applications').set('Authorization', auth)
          .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false, isMaker: false } })
          .expect(201)));
        await waitFor(async () => {
          const [{ n }]: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM review_tasks WHERE stage = 'acceptance'`);
          return Number(n) >= cases;
        }, 'every case screened and routed', 300_000);
      });
      const afterWork = memory();
      await ds.destroy();
      const label = queues === 'none' ? 'queues on PostgreSQL' : 'queues on Redis';
      rows.push(
        { bench: 'embedded', measure: `${label}: first start to ready (ts-node, initdb)`, value: ready.ms, unit: 'ms' },
        { bench: 'embedded', measure: `${label}: node process after start`, value: atStart.node, unit: 'MB PSS' },
        { bench: 'embedded', measure: `${label}: embedded PostgreSQL after start`, value: atStart.postgres, unit: 'MB PSS' },
        { bench: 'embedded', measure: `${label}: ${cases} submissions to their acceptance task`, value: flow.ms, unit: 'ms' },
        { bench: 'embedded', measure: `${label}: node + PostgreSQL after that`, value: afterWork.node + afterWork.postgres, unit: 'MB PSS' },
      );
    } finally {
      const stop = await app.stop('SIGTERM');
      rows.push({ bench: 'embedded', measure: `${queues === 'none' ? 'queues on PostgreSQL' : 'queues on Redis'}: SIGTERM to exit`, value: stop.ms, unit: 'ms' });
      if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  report('embedded', rows, { cases });
}
