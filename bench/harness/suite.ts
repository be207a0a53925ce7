import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { alarmLateness, rawTimerLateness } from './alarms';
import { summariseDir, ProfileSummary } from './cpu-profile';
import { logMark, serverLogPath, statementTimes, StatementTime } from './statement-times';
import { AppKind, buildServer, createBenchDatabase, Deployment, ProbeTotals, ROOT, SERVER_URL, startDeployment, startRedis, withDatabase } from './deployment';
import { copyRowsPerSecond, importRowsPerSecond } from './import';
import { httpFloorRound } from './http-floor';
import { burstRound, pipelineRound, RoundResult } from './pipeline';
import { initTpcb, PGBENCH_DB, prepareSubmissionDatabase, script, tpcb } from './pgbench';
import { settledWrites, WritesPerUnit, writesPerUnit } from './table-writes';
import { writeBenchmarksMd } from './markdown';
import { seedPopulation } from './seed';

export interface Sizes {
  rounds: number;
  /**
   * Rounds run on each deployment before the measured ones, not counted: a fresh process's first round measures
   * its start (JIT, new connections, each statement's first custom plans) — the full run's first rounds were
   * 12–33 % slower than its third, the more so the more processes (split-3: 121 → 151 → 178 transitions/s).
   */
  warmupRounds: number;
  population: number;
  pipelineCases: number;
  concurrency: number;
  burst: number;
  burstClients: number;
  pgbenchSeconds: number;
  alarms: number;
  importRows: number;
}

const QUICK: Sizes = { rounds: 1, warmupRounds: 0, population: 5_000, pipelineCases: 30, concurrency: 20, burst: 150, burstClients: 50, pgbenchSeconds: 4, alarms: 2_000, importRows: 5_000 };
const FULL: Sizes = { rounds: 3, warmupRounds: 1, population: 100_000, pipelineCases: 200, concurrency: 50, burst: 600, burstClients: 50, pgbenchSeconds: 10, alarms: 20_000, importRows: 100_000 };

export interface Figure {
  name: string;
  unit: string;
  rounds: number[];
  median: number;
  baselineName: string;
  baselineRounds: number[];
  baselineMedian: number;
  /** figure / baseline (higher is better), or null when the target is absolute. */
  ratio: number | null;
  target: string;
  met: boolean;
  extra: Record<string, number>;
  limits: string;
}

export interface ProfileFigure {
  deployment: string;
  per: string;
  units: number;
  statements: number;
  transactions: number;
  redisCommands: number;
  byRole: ProbeTotals['byRole'];
  topStatements: { sql: string; perUnit: number }[];
  topRedis: { command: string; perUnit: number }[];
  /** With `--statement-times`: PostgreSQL's time per unit of the slowest statements of the round (statement-times.ts). */
  statementTimes?: StatementTime[];
  /** What PostgreSQL wrote per transition in the round, and per tpcb-like transaction just before it (table-writes.ts). */
  writes?: { transition: WritesPerUnit; tpcb: WritesPerUnit };
}

export interface SuiteResult {
  date: string;
  quick: boolean;
  sizes: Sizes;
  machine: { cpus: number; model: string; memoryGiB: number; node: string; postgres: string; redis: string };
  figures: Figure[];
  profiles: ProfileFigure[];
  cpu: ProfileSummary[];
  minutes: number;
  /** Scenarios or deployments that could not run, and why. */
  failures: string[];
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function profileOf(deployment: string, per: string, units: number, probe: ProbeTotals, times: StatementTime[] | null): ProfileFigure {
  const perUnit = (n: number) => n / Math.max(1, units);
  return {
    ...(times ? {
      statementTimes: times.slice(0, 20).map((t) => ({
        statement: t.statement, calls: perUnit(t.calls), parseMs: perUnit(t.parseMs), bindMs: perUnit(t.bindMs), executeMs: perUnit(t.executeMs),
      })),
    } : {}),
    deployment, per, units,
    statements: perUnit(probe.statements),
    transactions: perUnit(probe.transactions),
    redisCommands: perUnit(probe.redisCommands),
    byRole: Object.fromEntries(Object.entries(probe.byRole).map(([role, r]) => [role, {
      statements: perUnit(r.statements), transactions: perUnit(r.transactions), redisCommands: perUnit(r.redisCommands),
    }])),
    topStatements: Object.entries(probe.byStatement).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([sql, n]) => ({ sql, perUnit: perUnit(n) })),
    topRedis: Object.entries(probe.byRedisCommand).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([command, n]) => ({ command, perUnit: perUnit(n) })),
  };
}

/** A tpcb-like anchor whose writes are counted in pgbench's own database. */
async function writesOfTpcb(seconds: number): Promise<{ tps: number; writes: WritesPerUnit }> {
  const pgbenchDb = new Client({ connectionString: withDatabase(SERVER_URL, PGBENCH_DB) });
  await pgbenchDb.connect();
  try {
    // Nothing else writes here, and pgbench's backends flush their counters as they exit.
    const before = await settledWrites(pgbenchDb, 2_000);
    const run = tpcb(10, seconds);
    return { tps: run.tps, writes: writesPerUnit(before, await settledWrites(pgbenchDb, 2_000), run.transactions) };
  } finally {
    await pgbenchDb.end();
  }
}

function figure(f: Omit<Figure, 'median' | 'baselineMedian' | 'ratio' | 'met'> & { ratioTarget?: number; absolute?: (median: number) => boolean; lowerIsBetter?: boolean }): Figure {
  const m = median(f.rounds);
  const b = median(f.baselineRounds);
  const ratio = f.absolute ? null : m / b;
  const met = f.absolute ? f.absolute(m) : (ratio ?? 0) >= (f.ratioTarget ?? 0);
  return { name: f.name, unit: f.unit, rounds: f.rounds, median: m, baselineName: f.baselineName, baselineRounds: f.baselineRounds, baselineMedian: b, ratio, target: f.target, met, extra: f.extra, limits: f.limits };
}

/** The pipeline's target: transitions/s at this share of pgbench's tpcb-like tps in the same run (issue 13). */
const PIPELINE_TARGET = 0.4;

const TOPOLOGIES: { name: string; kinds: AppKind[]; burst: boolean }[] = [
  { name: 'all-in-one', kinds: ['all-in-one'], burst: true },
  { name: 'split, 1 workflow', kinds: ['api', 'workflow', 'sla', 'notifier'], burst: false },
  { name: 'split, 2 workflow', kinds: ['api', 'workflow', 'workflow', 'sla', 'notifier'], burst: true },
  { name: 'split, 3 workflow', kinds: ['api', 'workflow', 'workflow', 'workflow', 'sla', 'notifier'], burst: false },
];

export async function runSuite(options: { quick: boolean; only: string[]; profile: boolean; statementTimes?: boolean }): Promise<SuiteResult> {
  // BENCH_SIZES (JSON, e.g. '{"rounds":1,"pipelineCases":20}') overrides sizes: a machine too loaded for FULL in 20 minutes.
  const sizes: Sizes = { ...(options.quick ? QUICK : FULL), ...(JSON.parse(process.env.BENCH_SIZES ?? '{}') as Partial<Sizes>) };
  const started = Date.now();
  const date = new Date().toISOString().replace(/:/g, '-').slice(0, 16);
  const want = (s: string) => options.only.length === 0 || options.only.includes(s);
  const figures: Figure[] = [];
  const profiles: ProfileFigure[] = [];
  const failures: string[] = [];
  const profileDir = options.profile ? join(ROOT, 'bench/results/profiles', date) : null;
  const redis = await startRedis();
  const machine = {
    cpus: cpus().length, model: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
    postgres: '', redis: ((await redis.redis.info('server')).match(/redis_version:(\S+)/) ?? [])[1] ?? '?',
  };
  try {
    if (want('pipeline') || want('burst')) {
      progress('building dist (the deployments run the build, as npm start does)');
      buildServer();
      progress('pgbench -i (scale 10) in sf_bench_pgbench');
      await initTpcb();
      const db = await createBenchDatabase('pipeline');
      const client = new Client({ connectionString: db.url });
      await client.connect();
      machine.postgres = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
      // --statement-times: every session the deployments open on this database logs each statement's parse, bind
      // and execute time; the last round of each figure reads its part of the server's log.
      const log = options.statementTimes ? serverLogPath(machine.postgres) : null;
      if (log) await client.query(`ALTER DATABASE "${db.name}" SET log_min_duration_statement = 0`);
      const ownUser = decodeURIComponent(new URL(db.url).username);
      const timesSince = (mark: number | null) => (log && mark !== null ? statementTimes(log, mark, db.name, ownUser) : null);
      // The burst's baseline, the SQL of one submission run by pgbench, is measured straight after the deployment
      // that burst has stopped (the burst is its last measure; while it runs, its connections and pgbench's 50 pass
      // PostgreSQL's max_connections). Measured once after every deployment, minutes later, it compared a burst with
      // a machine that had changed meanwhile (pgbench moved by half within one run on the twelfth VM).
      let submission: { db: { url: string; drop(): Promise<void> }; sql: string } | null = null;
      try {
        if (want('burst')) {
          submission = { db: await prepareSubmissionDatabase(sizes.population), sql: readFileSync(join(ROOT, 'bench/harness/submission.sql'), 'utf8') };
        }
        progress(`seeding ${sizes.population} enterprises with accounts`);
        await seedPopulation(client, sizes.population);
        for (const topology of TOPOLOGIES) {
          if (!want('pipeline') && !(want('burst') && topology.burst)) continue;
          // BENCH_TOPOLOGIES=all-in-one,split-2 picks deployments (names with the spaces and commas as dashes).
          const picked = process.env.BENCH_TOPOLOGIES?.split(',');
          if (picked && !picked.includes(topology.name.replace(/[^a-z0-9]+/gi, '-').replace(/-workflow$/, ''))) continue;
          progress(`starting ${topology.name}: ${topology.kinds.join(' + ')}`);
          const prefix = `bench${Date.now().toString(36)}`;
          let deployment: Deployment;
          // Its figure waits for its baseline, measured once the deployment has stopped (below).
          let burst: Omit<Parameters<typeof figure>[0], 'baselineRounds'> | null = null;
          try {
            deployment = await startDeployment({
              name: topology.name.replace(/[^a-z0-9]+/gi, '-'), databaseUrl: db.url, redisUrl: redis.url, prefix, kinds: topology.kinds,
              cpuProfileDir: profileDir,
            });
          } catch (error) {
            // A deployment that does not start (a machine too loaded to boot it in time) is reported, and the run goes on.
            progress(`${topology.name} did not start: ${(error as Error).message.split('\n')[0]}`);
            failures.push(`${topology.name}: ${(error as Error).message.split('\n')[0]}`);
            continue;
          }
          try {
            if (want('pipeline')) {
              const rounds: RoundResult[] = [];
              const anchors: number[] = [];
              // The CPU profiles are of the warm-up (one round run for them when there is none): the same load, not timed.
              const warmups = Math.max(sizes.warmupRounds, profileDir ? 1 : 0);
              await deployment.profile(async () => {
                for (let w = 0; w < warmups; w++) {
                  const warm = await pipelineRound(deployment, client, sizes.pipelineCases, sizes.concurrency, redis.pid);
                  progress(`pipeline ${topology.name} warm-up (not counted${profileDir ? '; profiled' : ''}): ${warm.rate.toFixed(1)} transitions/s`);
                }
              });
              let mark: number | null = null;
              let writes: { transition: WritesPerUnit; tpcb: WritesPerUnit } | null = null;
              for (let r = 0; r < sizes.rounds; r++) {
                const last = r === sizes.rounds - 1;
                if (!last) anchors.push(tpcb(10, sizes.pgbenchSeconds).tps);
                // The last round also counts what PostgreSQL wrote, for a transition and for a tpcb transaction.
                const tpcbWrites = last ? await writesOfTpcb(sizes.pgbenchSeconds) : null;
                if (tpcbWrites) anchors.push(tpcbWrites.tps);
                // The round before ended with the anchor's ten seconds and more: every idle backend has flushed.
                const writesBefore = last ? await settledWrites(client, 2_000) : null;
                if (log && last) mark = logMark(log);
                const result = await pipelineRound(deployment, client, sizes.pipelineCases, sizes.concurrency, redis.pid);
                if (tpcbWrites && writesBefore) {
                  writes = { transition: writesPerUnit(writesBefore, await settledWrites(client), result.transitions), tpcb: tpcbWrites.writes };
                }
                progress(`pipeline ${topology.name} round ${r + 1}: ${result.rate.toFixed(1)} transitions/s (${result.transitions} in ${result.seconds.toFixed(1)} s, ${result.errors} errors, ${result.extra.cpuMsPerTransition} ms CPU each: app ${result.extra.appCpuMsPerTransition}, PostgreSQL ${result.extra.postgresCpuMsPerTransition}, the driver and its backend ${result.extra.driverCpuMsPerTransition}; by process ${Object.entries(result.byProcess ?? {}).map(([n, ms]) => `${n} ${ms}`).join(', ')}); tpcb ${anchors[r].toFixed(0)} tps`);
                rounds.push(result);
              }
              const last = rounds[rounds.length - 1];
              profiles.push({ ...profileOf(topology.name, 'transition', last.transitions, last.probe, timesSince(mark)), ...(writes ? { writes } : {}) });
              // What HTTP alone takes of the CPU a transition may cost at the target (http-floor.ts).
              const floor = await httpFloorRound(deployment, client, sizes.pipelineCases * 10, sizes.concurrency);
              const requestsPerTransition = median(rounds.map((r) => r.extra.requestsPerTransition));
              const tpcbMedian = median(anchors);
              const budgetMs = (cpus().length * 1000) / (PIPELINE_TARGET * tpcbMedian);
              const httpMs = floor.cpuMsPerRequest * requestsPerTransition;
              progress(`HTTP floor ${topology.name}: ${floor.requestsPerSecond.toFixed(0)} calculator requests/s, ${floor.cpuMsPerRequest} ms CPU each; × ${requestsPerTransition} requests per transition = ${httpMs.toFixed(2)} ms of the ${budgetMs.toFixed(2)} ms a transition may cost at ${PIPELINE_TARGET} × tpcb-like`);
              figures.push(figure({
                name: `pipeline transitions/s, ${topology.name}`, unit: 'transitions/s', rounds: rounds.map((r) => r.rate),
                baselineName: 'pgbench tpcb-like, 10 clients (tps)', baselineRounds: anchors, target: `≥ ${PIPELINE_TARGET} × tpcb-like`, ratioTarget: PIPELINE_TARGET,
                extra: {
                  errors: rounds.reduce((a, r) => a + r.errors, 0), casesPerRound: sizes.pipelineCases, concurrency: sizes.concurrency,
                  cpuMsPerTransition: median(rounds.map((r) => r.extra.cpuMsPerTransition)),
                  targetCpuMsPerTransition: +budgetMs.toFixed(2),
                  httpFloorCpuMsPerTransition: +httpMs.toFixed(2),
                  httpOnlyCeilingRatio: +(floor.requestsPerSecond / requestsPerTransition / tpcbMedian).toFixed(3),
                },
                limits: '',
              }));
            }
            if (submission && topology.burst) {
              const rounds: RoundResult[] = [];
              // A deployment that ran the pipeline is warm already.
              for (let w = 0; w < (want('pipeline') ? 0 : sizes.warmupRounds); w++) {
                const warm = await burstRound(deployment, client, redis.redis, prefix, sizes.burst, sizes.burstClients);
                progress(`burst ${topology.name} warm-up (not counted): ${warm.rate.toFixed(1)}/s`);
              }
              let mark: number | null = null;
              for (let r = 0; r < sizes.rounds; r++) {
                if (log && r === sizes.rounds - 1) mark = logMark(log);
                const result = await burstRound(deployment, client, redis.redis, prefix, sizes.burst, sizes.burstClients);
                progress(`burst ${topology.name} round ${r + 1}: ${result.rate.toFixed(1)}/s, p50 ${result.extra.p50Ms.toFixed(0)} ms, p99 ${result.extra.p99Ms.toFixed(0)} ms, ${result.errors} errors, caught up ${result.extra.catchUpSeconds.toFixed(1)} s later`);
                rounds.push(result);
              }
              const last = rounds[rounds.length - 1];
              profiles.push(profileOf(topology.name, 'submission (HTTP phase)', last.transitions, last.probe, timesSince(mark)));
              burst = {
                name: `deadline-day burst POST /applications/s, ${topology.name}`, unit: 'submissions/s', rounds: rounds.map((r) => r.rate),
                baselineName: 'pgbench, the SQL of one submission (tps)', target: '≥ 0.5 × its SQL', ratioTarget: 0.5,
                extra: {
                  errors: rounds.reduce((a, r) => a + r.errors, 0), p50Ms: median(rounds.map((r) => r.extra.p50Ms)), p99Ms: median(rounds.map((r) => r.extra.p99Ms)),
                  catchUpSeconds: median(rounds.map((r) => r.extra.catchUpSeconds)), submissions: sizes.burst, clients: sizes.burstClients,
                },
                limits: '',
              };
            }
          } finally {
            await deployment.stop();
          }
          if (burst && submission) {
            const { db: sqlDb, sql } = submission;
            const tps = Array.from({ length: sizes.rounds }, () =>
              script(new URL(sqlDb.url).pathname.slice(1), sql, sizes.burstClients, sizes.pgbenchSeconds, { population: sizes.population }));
            progress(`the SQL of one submission, after ${topology.name}: ${tps.map((t) => t.toFixed(0)).join(' / ')} tps`);
            figures.push(figure({ ...burst, baselineRounds: tps }));
          }
        }
      } finally {
        await client.end();
        await db.drop();
        await submission?.db.drop();
      }
    }
    if (want('alarms')) try {
      const raw: number[] = [];
      const ours: number[] = [];
      const engine: number[] = [];
      const notYet: number[] = [];
      for (let r = 0; r < sizes.rounds; r++) {
        const baseline = await rawTimerLateness(redis.url, sizes.alarms);
        raw.push(baseline.p99);
        const result = alarmLateness(redis.url, sizes.alarms);
        // The figure is when a reader (an observer polling in a process of its own) could see 99 % of them: the
        // engine's own p99 is only how late the moment rang, since all the alarms of a moment ring in one commit.
        ours.push(result.visibleP99);
        engine.push(result.p99);
        notYet.push(result.notYetP99);
        progress(`alarms round ${r + 1}: ${result.fired} fired, visible to a reader p99 ${result.visibleP99} ms (not yet at ${result.notYetP99}); engine p99 ${result.p99} (p50 ${result.p50}); raw BullMQ timers p99 ${baseline.p99} ms`);
      }
      figures.push(figure({
        name: `${sizes.alarms} alarms due at one instant, p99 until visible to a reader`, unit: 'ms', rounds: ours,
        baselineName: 'raw BullMQ delayed no-op jobs, same Redis (p99 ms)', baselineRounds: raw, target: 'p99 < 100 ms',
        absolute: (m) => m < 100, extra: { engineP99Ms: median(engine), notYetVisibleP99Ms: median(notYet) }, limits: '',
      }));
    } catch (error) {
      failures.push(`alarms: ${(error as Error).message.split('\n').filter(Boolean).slice(-1)[0]}`);
    }
    if (want('import')) try {
      const copy: number[] = [];
      const ours: number[] = [];
      const perCpu: number[] = [];
      for (let r = 0; r < sizes.rounds; r++) {
        copy.push(await copyRowsPerSecond(sizes.importRows));
        const result = importRowsPerSecond(sizes.importRows);
        ours.push(result.rowsPerSecond);
        perCpu.push(result.rowsPerCpuSecond);
        progress(`import round ${r + 1}: ${result.rowsPerSecond} rows/s; COPY ${copy[r].toFixed(0)} rows/s`);
      }
      figures.push(figure({
        name: `免申即享 import of ${sizes.importRows} rows`, unit: 'rows/s', rounds: ours, baselineName: 'COPY of the same rows (rows/s)', baselineRounds: copy,
        target: '≥ 10,000 rows/s', absolute: (m) => m >= 10_000,
        // Rows per CPU-second of the importer and its PostgreSQL backends: what the load of the machine does not change.
        extra: { rowsPerCpuSecond: median(perCpu) }, limits: '',
      }));
    } catch (error) {
      failures.push(`import: ${(error as Error).message.split('\n').filter(Boolean).slice(-1)[0]}`);
    }
  } finally {
    await redis.stop();
  }
  const result: SuiteResult = {
    date, quick: options.quick, sizes, machine, figures, profiles, cpu: profileDir ? summariseDir(profileDir) : [], minutes: (Date.now() - started) / 60_000, failures,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${date}${options.quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  progress(`wrote ${file}`);
  if (!options.quick || process.env.BENCH_WRITE_MD === '1') writeBenchmarksMd(result);
  return result;
}
