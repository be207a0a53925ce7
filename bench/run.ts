/**
 * Runs every benchmark (`bench/*.bench.ts`), one process each so one's memory does not count against
 * another's, in name order. Exits non-zero if any of them failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = __dirname;
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(dir, file)],
    { stdio: 'inherit', env: process.env },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
