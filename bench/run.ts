import { spawnSync } from 'node:child_process';
import { clocksBench } from './clocks.bench';
import { embeddedBench } from './embedded.bench';
import { latenessBench } from './lateness.bench';
import { offerImportBench } from './offer-import.bench';
import { readsBench } from './reads.bench';
import { summaryBench } from './summary.bench';
import { webBench } from './web.bench';
import { figuresTable, profileTables } from './harness/markdown';
import { runSuite } from './harness/suite';

/**
 * `npm run bench` runs the scenarios of BENCHMARKS.md, each against its baseline in the same run (pipeline and
 * deadline-day burst vs pgbench, alarms vs raw BullMQ timers, the import vs COPY), medians of 3 rounds, and
 * writes bench/results/<date>.json and the latest-run section of BENCHMARKS.md. `-- --quick` is a one-minute
 * smoke run (one small round; the JSON only); `-- --only pipeline,burst,alarms,import` picks scenarios;
 * `-- --no-profile` skips the CPU profiles; `-- --statement-times` adds PostgreSQL's time per statement (parse, plan,
 * execute) from the server's log (harness/statement-times.ts; it slows the run: not for the figures).
 *
 * `npm run bench -- summary clocks lateness offers embedded web reads` runs the single-purpose benches instead. Each
 * runs in a process of its own, so one's memory does not count against another's, on a database and queue
 * prefix of its own; each prints a table and a JSON summary. Exits non-zero if any failed. Not part of
 * `npm test`.
 */
const BENCHES: Record<string, () => Promise<void>> = {
  summary: summaryBench,
  clocks: clocksBench,
  lateness: latenessBench,
  offers: offerImportBench,
  embedded: embeddedBench,
  web: webBench,
  reads: readsBench,
};

async function runOne(name: string): Promise<void> {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown bench ${name} (expected ${Object.keys(BENCHES).join(', ')})`);
  await bench();
}

function runEach(names: string[]): number {
  let failed = 0;
  for (const name of names) {
    const result = spawnSync(process.execPath, [...process.execArgv, __filename, '--one', name], { stdio: 'inherit', env: process.env });
    if (result.status !== 0) failed++;
  }
  return failed;
}

const args = process.argv.slice(2);
// Ctrl-C or a kill: exit normally, so the processes a bench started are stopped by its exit handlers.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
if (args.length === 0 || args[0].startsWith('--') && args[0] !== '--one') {
  const only = args.find((a) => a.startsWith('--only'))?.split('=')[1] ?? (args.includes('--only') ? args[args.indexOf('--only') + 1] : '');
  runSuite({
    quick: args.includes('--quick'), only: only ? only.split(',') : [], profile: !args.includes('--no-profile'),
    statementTimes: args.includes('--statement-times'),
  }).then(
    (result) => {
      process.stdout.write(`\n${figuresTable(result)}\n\n${profileTables(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
} else if (args[0] === '--one') {
  runOne(args[1]).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench ${args[1]} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
} else {
  process.exit(runEach(args.length ? args : Object.keys(BENCHES)) ? 1 : 0);
}
