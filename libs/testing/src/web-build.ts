import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const WEB_ROOT = join(REPO_ROOT, 'dist', 'web');

/**
 * The built pages (dist/web); built here when missing (`npm run build` normally made them already). Built for
 * production whatever NODE_ENV the caller has: under Jest it is `test`, which gave React's development build,
 * whose warnings the browser tests count as console errors (a fresh clone's `npm test` failed them).
 */
export function ensureWebBuilt(): string {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.mts'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  return WEB_ROOT;
}
