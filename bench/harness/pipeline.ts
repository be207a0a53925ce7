import { handInMaterials } from '@app/testing';
import { Agent, request } from 'node:http';
import { Client } from 'pg';
import IORedis from 'ioredis';
import { cpuMeter, cpuSecondsOf } from './backend-cpu';
import { Deployment, probeDelta, ProbeTotals, waitUntil } from './deployment';
import { Applicant, seedApplicants, seedReviewers } from './seed';
import { percentile } from '../report';

export const FACTS = { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false };

export interface RoundResult {
  /** The figure: transitions/s (pipeline) or submissions/s (burst). */
  rate: number;
  transitions: number;
  seconds: number;
  errors: number;
  probe: ProbeTotals;
  extra: Record<string, number>;
  /** CPU ms per transition of each process of the deployment (and of Redis): the pipeline only. */
  byProcess?: Record<string, number>;
}

/**
 * Kept-alive connections to the deployment, as many as the clients at once. A free socket is closed by the driver
 * after 4 s, before the server's keep-alive timeout (5 s) can close it just as the driver reuses it: within a
 * round, sockets of the submissions' rush sit idle while only decisions flow (a request reset so ended a full run
 * on a slow VM, split-2's first round).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });

/**
 * A round begins on new connections. Between rounds the driver waits in pgbench (spawnSync: its event loop
 * stands still) for about the server's keep-alive timeout (5 s), so a kept socket could be reused just as the
 * server closed it: the request failed with ECONNRESET and the run ended (seen on a slow VM, after a warm-up).
 */
export function freshConnections(): void {
  agent.destroy();
}

/**
 * A POST with a JSON body, answered with the status and the parsed body. Node's `http`, not `fetch`: the driver
 * shares the two cores with what it measures, and `fetch` (undici's WHATWG streams) cost it about twice the CPU
 * per request.
 */
export function post(url: string, token: string | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', agent,
      headers: { ...(token ? { authorization: token } : {}), 'content-type': 'application/json', 'content-length': data.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Record<string, unknown> | null = null;
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
        } catch {
          parsed = null;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/**
 * One round of the whole pipeline over HTTP: `cases` enterprises submit (POST /applications, `concurrency` at
 * once) while reviewers decide every review task as soon as it exists (POST /tasks/:id/decision, `concurrency`
 * at once): acceptance → formal review → recheck → 公示. Seven days of 公示 cannot pass in a bench, so the
 * driver moves each case's `notice_ends_at` to now as it enters the notice; the sla sweep then ends it and
 * the workflow approves it (办结), as on the real day. The figure is transitions written per second from the
 * first submission until every case is approved. The driver looks once per tick, in one statement and at the
 * cases not yet approved only (it shares the cores with what it measures).
 */
export async function pipelineRound(
  deployment: Deployment, db: Client, cases: number, concurrency: number, redisPid?: number,
): Promise<RoundResult> {
  const applicants = await seedApplicants(db, cases);
  const reviewers = await seedReviewers(db);
  freshConnections();
  const ids: string[] = [];
  /** The cases not yet approved: what the driver still looks at. */
  const pending = new Set<string>();
  let errors = 0;
  /** HTTP requests sent (submissions and decisions): what the HTTP floor (http-floor.ts) is set against. */
  let requests = 0;
  // What each failed request answered (status and error code), printed with the round: an error count alone says nothing.
  const failures = new Map<string, number>();
  const failed = (what: string, res: { status: number; body: Record<string, unknown> | null }) => {
    errors++;
    const key = `${what} ${res.status} ${String(res.body?.code ?? res.body?.error ?? '')}`.trim();
    failures.set(key, (failures.get(key) ?? 0) + 1);
  };
  const before = await deployment.probe();
  // CPU per transition: what the ratio to pgbench comes down to on a full machine (the deployment's processes, the
  // database's backends — the driver's own among them — and the driver).
  // Each process's share by name (and Redis's, not part of the figure): where a workflow process added costs.
  const cpu = cpuMeter(
    async (sql) => (await db.query<{ pid: number; client_port: number | null }>(sql)).rows,
    deployment.processes.map((p) => p.child.pid ?? 0), deployment.processes.map((p, i) => `${p.kind}-${i}`),
  );
  await cpu.start();
  const redisBefore = redisPid ? cpuSecondsOf(redisPid) : 0;
  const driverBackend = (db as unknown as { processID: number }).processID;
  const driverBackendBefore = cpuSecondsOf(driverBackend);
  const started = Date.now();
  let submitted = false;
  const submitting = pool(applicants, concurrency, async (a: Applicant) => {
    requests++;
    const res = await post(`${deployment.url}/api/v1/applications`, a.token, { program: 'innovation-voucher', year: 2024, facts: FACTS });
    if (res.status === 201 && res.body) {
      // Acceptance approves only a complete case: the enterprise's required materials, handed in as
      // libs/testing's handInMaterials does (uploads are not what this figure measures).
      await handInMaterials(db, res.body.id as string);
      ids.push(res.body.id as string);
      pending.add(res.body.id as string);
    } else failed('submission', res);
  }).then(() => (submitted = true));

  const inFlight = new Set<string>();
  let deciding = 0;
  const decide = async (task: { id: string; version: number; stage: keyof typeof reviewers }) => {
    deciding++;
    requests++;
    try {
      const res = await post(`${deployment.url}/api/v1/tasks/${task.id}/decision`, reviewers[task.stage], { version: task.version, decision: 'approve', reason: 'bench' })
        .catch((error: NodeJS.ErrnoException) => ({ status: 0, body: { code: error.code ?? error.message } }));
      if (res.status !== 200) failed(`${task.stage} decision`, res);
      // No answer at all (the connection reset): counted, and the task decided again at the next look.
      if (res.status === 0) inFlight.delete(task.id);
    } finally {
      deciding--;
    }
  };
  let approved = 0;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (pending.size) {
      // The open review tasks to decide and the cases approved since the last look; the cases entering the notice
      // have it end now.
      const { rows } = await db.query<{ approved: boolean; id: string; version: number; stage: keyof typeof reviewers }>(
        `WITH noticed AS (
           UPDATE applications SET notice_ends_at = now() - interval '1 second'
            WHERE id = ANY($1::uuid[]) AND status = 'public_notice' AND notice_ends_at > now())
         SELECT false AS approved, id, version, stage FROM review_tasks
          WHERE application_id = ANY($1::uuid[]) AND status = 'open' AND kind = 'review'
         UNION ALL
         SELECT true, id, NULL, NULL FROM applications WHERE id = ANY($1::uuid[]) AND status = 'approved'`,
        [[...pending]],
      );
      for (const row of rows) {
        if (row.approved) {
          pending.delete(row.id);
          approved++;
        } else if (!inFlight.has(row.id) && deciding < concurrency) {
          inFlight.add(row.id);
          void decide(row);
        }
      }
    }
    if (submitted && approved + errors >= cases && deciding === 0) break;
    if (Date.now() > deadline) throw new Error(`pipeline round timed out: ${approved} of ${cases} approved, ${errors} errors`);
    await new Promise((r) => setTimeout(r, 25));
  }
  await submitting;
  const seconds = (Date.now() - started) / 1000;
  const used = await cpu.stop();
  const probe = probeDelta(await deployment.probe(), before);
  const { rows: [t] } = await db.query<{ n: string }>('SELECT count(*) AS n FROM transitions WHERE application_id = ANY($1::uuid[])', [ids]);
  const transitions = Number(t.n);
  if (failures.size) process.stderr.write(`[pipeline] failed requests: ${[...failures].map(([k, n]) => `${k} ×${n}`).join('; ')}\n`);
  const perTransition = (cpuSeconds: number) => +(cpuSeconds * 1000 / transitions).toFixed(2);
  return {
    rate: transitions / seconds, transitions, seconds, errors, probe,
    extra: {
      cases: approved,
      requestsPerTransition: +(requests / transitions).toFixed(3),
      cpuMsPerTransition: perTransition(used.processesCpuSeconds + used.postgresCpuSeconds + used.nodeCpuSeconds),
      appCpuMsPerTransition: perTransition(used.processesCpuSeconds),
      postgresCpuMsPerTransition: perTransition(used.postgresCpuSeconds),
      driverCpuMsPerTransition: perTransition(used.nodeCpuSeconds + cpuSecondsOf(driverBackend) - driverBackendBefore),
    },
    byProcess: Object.fromEntries([
      ...Object.entries(used.byProcess).map(([name, s]) => [name, perTransition(s)]),
      ...(redisPid ? [['redis', perTransition(cpuSecondsOf(redisPid) - redisBefore)]] : []),
      ...Object.entries(used.postgresByProcess).map(([name, s]) => [`PostgreSQL for ${name}`, perTransition(s)]),
    ]),
  };
}

/**
 * Deadline-day burst: `submissions` enterprises submit at once through `clients` parallel clients (each a
 * loop of POST /applications). The figure is accepted submissions per second over the HTTP phase; then the
 * time until the background work it caused (screening, stage entry, tasks, notifications, alarms) is done.
 */
export async function burstRound(deployment: Deployment, db: Client, redis: IORedis, prefix: string, submissions: number, clients: number): Promise<RoundResult> {
  const applicants = await seedApplicants(db, submissions);
  freshConnections();
  const latencies: number[] = [];
  const ids: string[] = [];
  let errors = 0;
  const before = await deployment.probe();
  const started = Date.now();
  await pool(applicants, clients, async (a: Applicant) => {
    const t0 = performance.now();
    const res = await post(`${deployment.url}/api/v1/applications`, a.token, { program: 'innovation-voucher', year: 2024, facts: FACTS });
    latencies.push(performance.now() - t0);
    if (res.status === 201 && res.body) ids.push(res.body.id as string);
    else errors++;
  });
  const httpSeconds = (Date.now() - started) / 1000;
  const afterHttp = await deployment.probe();
  // Caught up: every case screened and its acceptance task created, the outbox published, no job waiting or running.
  await waitUntil('the background work of the burst', async () => {
    const { rows: [r] } = await db.query<{ tasks: string; outbox: string }>(
      `SELECT (SELECT count(*) FROM review_tasks WHERE application_id = ANY($1::uuid[])) AS tasks,
              (SELECT count(*) FROM outbox WHERE published_at IS NULL AND run_at <= now()) AS outbox`,
      [ids],
    );
    if (Number(r.tasks) < ids.length || Number(r.outbox) > 0) return false;
    for (const queue of ['workflow', 'sla', 'notifier']) {
      const [waiting, active] = await Promise.all([redis.llen(`${prefix}:${queue}:wait`), redis.llen(`${prefix}:${queue}:active`)]);
      if (waiting + active > 0) return false;
    }
    return true;
  }, 600_000, 100);
  const catchUpSeconds = (Date.now() - started) / 1000 - httpSeconds;
  const probe = probeDelta(afterHttp, before);
  return {
    rate: ids.length / httpSeconds,
    transitions: ids.length,
    seconds: httpSeconds,
    errors,
    probe,
    extra: { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), catchUpSeconds },
  };
}
