import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, SERVER_URL } from './deployment';
import { seedPopulation } from './seed';
import { Client } from 'pg';

export const PGBENCH = process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';
/** pgbench's own database: never the demo's, never a test's. */
export const PGBENCH_DB = 'sf_bench_pgbench';

function connectionArgs(db: string): string[] {
  const u = new URL(SERVER_URL);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), db];
}

function run(args: string[], db: string): string {
  const result = spawnSync(PGBENCH, [...args, ...connectionArgs(db)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pgbench ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout + result.stderr;
}

function tpsOf(output: string): number {
  const match = output.match(/tps = ([\d.]+) \(without initial connection time\)/) ?? output.match(/tps = ([\d.]+)/);
  if (!match) throw new Error(`no tps in pgbench output:\n${output}`);
  return Number(match[1]);
}

/** pgbench's own tables at scale 10 in sf_bench_pgbench (created, or re-initialised, once per bench run). */
export async function initTpcb(): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PGBENCH_DB]);
    if (!rows.length) await admin.query(`CREATE DATABASE ${PGBENCH_DB}`);
  } finally {
    await admin.end();
  }
  run(['-i', '-q', '-s', '10'], PGBENCH_DB);
}

/** TPC-B-like transactions per second (5 statements in one transaction), and how many ran: `clients` connections, `seconds` long. */
export function tpcb(clients: number, seconds: number): { tps: number; transactions: number } {
  const output = run(['-n', '-b', 'tpcb-like', '-c', String(clients), '-j', '2', '-T', String(seconds)], PGBENCH_DB);
  const processed = output.match(/number of transactions actually processed: (\d+)/);
  if (!processed) throw new Error(`no transaction count in pgbench output:\n${output}`);
  return { tps: tpsOf(output), transactions: Number(processed[1]) };
}

/**
 * A database with the application's schema and population for bench/harness/submission.sql (the SQL of one
 * POST /applications), each pgbench transaction a new case of a random enterprise.
 */
export async function prepareSubmissionDatabase(population: number): Promise<{ url: string; drop(): Promise<void> }> {
  const db = await createBenchDatabase('submitsql');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await seedPopulation(client, population);
  } finally {
    await client.end();
  }
  return db;
}

/** Runs a pgbench script (custom SQL) against a database; transactions of the script per second. */
export function script(dbName: string, sql: string, clients: number, seconds: number, vars: Record<string, number> = {}): number {
  const file = join(tmpdir(), `sf-bench-${process.pid}.sql`);
  writeFileSync(file, sql);
  const defines = Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  return tpsOf(run(['-n', '-f', file, ...defines, '-c', String(clients), '-j', '2', '-T', String(seconds)], dbName));
}
