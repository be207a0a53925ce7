import { summaryBench } from './summary.bench';
import { clocksBench } from './clocks.bench';
import { latenessBench } from './lateness.bench';

/**
 * `npm run bench [-- summary clocks lateness]`: each bench runs on a database and queue prefix of its own
 * (created and dropped here), prints a table and one JSON line. Not part of `npm test`.
 */
const BENCHES: Record<string, () => Promise<void>> = { summary: summaryBench, clocks: clocksBench, lateness: latenessBench };

async function main(): Promise<void> {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown bench ${name} (expected ${Object.keys(BENCHES).join(', ')})`);
    await bench();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
