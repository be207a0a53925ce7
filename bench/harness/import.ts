import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { offerFile } from '../offer-import.bench';
import { admin, IMPORTER_NODE_FLAGS, SERVER_URL, withDatabase } from './deployment';
import { jsonLineOf, runChildBench } from './alarms';

/**
 * The baseline: COPY of the very file the import reads (same rows, same bytes) into a table of four text
 * columns, in a database of its own. What PostgreSQL alone needs to take those rows in.
 */
export async function copyRowsPerSecond(rows: number): Promise<number> {
  const name = `sf_bench_copy_${process.pid}`;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`).then(() => c.query(`CREATE DATABASE ${name}`)));
  const client = new Client({ connectionString: withDatabase(SERVER_URL, name) });
  await client.connect();
  try {
    await client.query('CREATE TABLE offers_copy (credit_code text, is_tech text, rd text, rd_prev text)');
    const file = offerFile(rows);
    const started = performance.now();
    await pipeline(Readable.from([file]), client.query(copyFrom(`COPY offers_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

/** The 免申即享 import of `rows` rows (bench/offer-import.bench.ts in a child): rows per second. */
export function importRowsPerSecond(rows: number): { rowsPerSecond: number; rowsPerCpuSecond: number; importMs: number; peakRssMiB: number } {
  // The importing process runs with the young generation the workflow process is deployed with (package.json's
  // start, docker-compose.yml): the import runs in this child.
  const out = runChildBench('offers', { OFFER_BENCH_ROWS: String(rows), LOG_LEVEL: 'error' }, IMPORTER_NODE_FLAGS);
  const summary = jsonLineOf(out, 'rowsPerSecond');
  return {
    rowsPerSecond: Number(summary.rowsPerSecond), rowsPerCpuSecond: Number(summary.rowsPerCpuSecond), importMs: Number(summary.importMs),
    peakRssMiB: Number(summary.peakRssDuringImportMiB),
  };
}
