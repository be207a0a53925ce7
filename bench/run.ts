import { spawnSync } from 'node:child_process';
import { clocksBench } from './clocks.bench';
import { embeddedBench } from './embedded.bench';
import { latenessBench } from './lateness.bench';
import { offerImportBench } from './offer-import.bench';
import { summaryBench } from './summary.bench';
import { webBench } from './web.bench';

/**
 * `npm run bench [-- summary clocks lateness offers web]` (all of them by default, in this order). Each bench
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
if (args[0] === '--one') {
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
