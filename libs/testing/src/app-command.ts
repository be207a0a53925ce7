import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let sources: number | undefined;
/** The newest change to apps/ and libs/ (the web client and the test helpers aside). */
function newestServerSource(): number {
  sources ??= Math.max(
    ...readdirSync(resolve(ROOT, 'apps')).filter((a) => a !== 'web').map((a) => newestSource(resolve(ROOT, 'apps', a))),
    ...readdirSync(resolve(ROOT, 'libs')).filter((l) => l !== 'testing').map((l) => newestSource(resolve(ROOT, 'libs', l))),
  );
  return sources;
}

/** Whether `npm run build` ran after the last change to the server's sources, so `dist/apps/<app>` is current. */
export function buildIsFresh(app: string): boolean {
  const built = resolve(ROOT, `dist/apps/${app}/main.js`);
  return existsSync(built) && statSync(built).mtimeMs >= newestServerSource();
}

/**
 * How to start one of our apps as a real process: the built `dist/apps/<app>/main.js` when it is fresher than every
 * source (CI builds before it tests; it starts in a fraction of the time ts-node needs, which on a busy machine is
 * a minute or more), otherwise — or when `compiled` is false — `apps/<app>/main.ts` under ts-node, so a test never
 * runs stale code.
 */
export function appCommand(app: string, compiled = true): { args: string[]; compiled: boolean } {
  if (compiled && buildIsFresh(app)) return { args: [resolve(ROOT, `dist/apps/${app}/main.js`)], compiled: true };
  return {
    args: ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), resolve(ROOT, `apps/${app}/main.ts`)],
    compiled: false,
  };
}
