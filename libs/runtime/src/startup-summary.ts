import type { Running } from './boot';
import { DEMO_TOTP_SECRET } from './demo-second-factor';

/**
 * The last lines of a start-up: where to go, what was chosen and why, what the start did to the database,
 * how to log in. Short on purpose: everything before it is detail.
 */
export function startupSummary(
  name: string,
  running: Running,
  demoPassword: string,
  envFile: string | null,
): string[] {
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const lines = [`──── ${name} is running (pid ${process.pid}, ${rssMb} MB RSS) ────`];
  if (running.url) {
    lines.push(
      `  API        ${running.url}   docs ${running.url}/docs · health ${running.url}/health · metrics ${running.url}/metrics`,
    );
  } else {
    lines.push('  No HTTP server in this process (a worker)');
  }
  for (const note of running.infrastructure.notes) lines.push(`  ${note}`);
  lines.push(
    running.migrations.length
      ? `  Migrations applied now: ${running.migrations.length} (${running.migrations.slice(-3).join(', ')}${running.migrations.length > 3 ? ', …' : ''})`
      : running.config.runMigrations
        ? '  Migrations: none pending'
        : '  Migrations: not run by this process (RUN_MIGRATIONS=false)',
  );
  if (running.demo.length) {
    lines.push(`  Demo accounts created, password "${demoPassword}": ${running.demo.join(', ')}`);
  }
  if (running.demoCases) {
    lines.push(`  Demo cases made before serving: ${running.demoCases.cases} in ${running.demoCases.seconds} s (SEED_DEMO_CASES=false skips them)`);
  }
  if (running.config.seedDemo && running.config.env !== 'production') {
    lines.push(
      `  Demo admin, director and auditor also give a TOTP code of ${DEMO_TOTP_SECRET} (npm run cli -- totp ${DEMO_TOTP_SECRET})`,
    );
  } else if (running.config.seedDemo) {
    lines.push(
      `  Demo accounts: as created on the first start (password "${demoPassword}"), e.g. admin, city.1, district.gulou.1`,
    );
  }
  if (envFile) lines.push(`  Settings from ${envFile} (the environment takes precedence)`);
  lines.push('  Stop with Ctrl-C (or SIGTERM)');
  return lines;
}
