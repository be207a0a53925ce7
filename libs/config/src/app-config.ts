import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvVars } from './env.schema';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Null until resolved: the embedded bootstrap fills it in when the variable was unset. */
  databaseUrl: string | null;
  redisUrl: string | null;
  queuePrefix: string;
  jwt: { secret: string; ttlSeconds: number };
  bodyLimit: string;
  outboxPollMs: number;
  slaSweepEveryMs: number;
  workerConcurrency: number;
  /** Jobs a process that serves HTTP too runs at once while a request is in flight (JOBS_WHILE_SERVING). */
  jobsWhileServing: number;
  /** Submissions in flight that make an api process ask the workflow to wait (INTAKE_SURGE_IN_FLIGHT; 0: never). */
  intakeSurgeInFlight: number;
  /** The longest a workflow job waits out an intake surge (INTAKE_SURGE_HOLD_MS). */
  intakeSurgeHoldMs: number;
  /** Workflow jobs to one process until it falls behind (WORKFLOW_SPILL_OVER). */
  workflowSpillOver: boolean;
  /** Niceness a process without HTTP takes once started (BACKGROUND_NICE). */
  backgroundNice: number;
  workerLockMs: number;
  runMigrations: boolean;
  seedDemo: boolean;
  /** With seedDemo: the demo cases too, not only the accounts. */
  seedDemoCases: boolean;
  clockTravel: boolean;
  rateLimits: boolean;
  dataDir: string;
  logLevel: string;
  webhooks: { maxAttempts: number; backoffMs: number; timeoutMs: number };
  /** E-mail; `smtpUrl` null: not configured (no address may be set, nothing is sent). */
  mail: { smtpUrl: string | null; from: string | null; maxAttempts: number; backoffMs: number; timeoutMs: number };
  /** The pages' address without a trailing slash (PUBLIC_URL), for links in e-mails; null: mails carry no link. */
  publicUrl: string | null;
  /** A pool with less than this percentage of its total left is "running out" (administrators are told). */
  budgetRunningOutPercent: number;
  /** The PostgreSQL pool's size for this process; null: derived from what it runs (RootModule). */
  dbPoolMax: number | null;
  /** Overrides of the RatingPolicy defaults; unset fields keep them. */
  ratings: { rectificationWorkingDays?: number };
  /** The role the application connects as (null: the owner's, development only). */
  databaseApp: { user: string | null; password: string | null };
  auditAnchor: { key: string; dir: string };
  webhookAllowedHosts: string[];
  conflictsMaxPerReviewer: number;
  materials: { maxPerCase: number; maxBytesPerCase: number; uploadsPerMinute: number };
  /** Express `trust proxy` (null: the socket's address is the client's). */
  trustProxy: string | null;
}

/** The .env.example placeholder and the development defaults: never a production secret. */
const PLACEHOLDER_SECRETS = ['change-me-to-32-random-bytes', 'change-me-to-32-random-bytes-too', 'dev-only-secret-change-me-please', 'dev-only-audit-anchor-key-change-me'];

/** Why a secret is too weak for production, or null: placeholder, under 32 bytes, or one character repeated. */
export function weakSecret(name: string, value: string): string | null {
  if (PLACEHOLDER_SECRETS.includes(value)) return `${name} is a placeholder; set 32 or more random bytes`;
  if (Buffer.byteLength(value, 'utf8') < 32) return `${name} must be at least 32 bytes in production`;
  if (new Set(value).size === 1) return `${name} must not be one repeated character`;
  return null;
}

export class ConfigError extends Error {}

/** What is wrong with an SMTP URL the pattern let through (a host that is no host, a port out of range), or null. */
function smtpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL (smtp://[user:password@]host[:port])';
  }
  if (!url.hostname) return 'names no host';
  if (url.port && (Number(url.port) < 1 || Number(url.port) > 65535)) return 'has a port out of range';
  return null;
}

/** Validates the environment once, at boot, into one typed object; a bad variable stops the process. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  file: { fileName: string; keys: Set<string> } = { fileName: '', keys: new Set() },
): AppConfig {
  const where = (key: string) => (file.keys.has(key) ? ` (set in ${file.fileName})` : '');
  const known = Object.keys(new EnvVars());
  const picked: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'REDIS_URL',
    'RATING_RECTIFICATION_DAYS',
    'DATABASE_APP_PASSWORD',
    'AUDIT_ANCHOR_DIR',
    'WEBHOOK_ALLOWED_HOSTS',
    'TRUST_PROXY',
    'DB_POOL_MAX',
    'SMTP_URL',
    'MAIL_FROM',
    'PUBLIC_URL',
  ]) {
    if (env[key] !== undefined) picked[key] = env[key] as string;
  }
  // Set but empty (docker-compose's `${SMTP_URL:-}`) is unset: e-mail stays off rather than failing the boot.
  for (const key of ['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL']) if (picked[key] === '') delete picked[key];
  const vars = plainToInstance(EnvVars, picked, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `${e.property}${where(e.property)}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const smtpProblem = vars.SMTP_URL === undefined ? null : smtpUrlProblem(vars.SMTP_URL);
  if (smtpProblem) throw new ConfigError(`Invalid configuration:\n  SMTP_URL${where('SMTP_URL')}: ${smtpProblem}`);
  if (vars.SMTP_URL && !vars.MAIL_FROM)
    throw new ConfigError(`MAIL_FROM must be set with SMTP_URL${where('SMTP_URL')}: the sender of every e-mail`);
  if (vars.NODE_ENV === 'production') {
    if (vars.JWT_SECRET === new EnvVars().JWT_SECRET)
      throw new ConfigError(`JWT_SECRET${where('JWT_SECRET')} must be set in production`);
    for (const name of ['JWT_SECRET', 'AUDIT_ANCHOR_KEY'] as const) {
      const weak = weakSecret(name, vars[name]);
      if (weak) throw new ConfigError(weak.replace(name, `${name}${where(name)}`));
    }
    if (!vars.DATABASE_APP_USER)
      throw new ConfigError(
        'DATABASE_APP_USER cannot be empty in production: the application must not connect as the owner',
      );
    if (vars.CLOCK_TRAVEL)
      throw new ConfigError(`CLOCK_TRAVEL${where('CLOCK_TRAVEL')} is not allowed in production`);
    if (!vars.RATE_LIMITS)
      throw new ConfigError(`RATE_LIMITS${where('RATE_LIMITS')} cannot be switched off in production`);
  }
  return {
    env: vars.NODE_ENV as AppConfig['env'],
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL ?? null,
    redisUrl: vars.REDIS_URL ?? null,
    queuePrefix: vars.QUEUE_PREFIX,
    jwt: { secret: vars.JWT_SECRET, ttlSeconds: vars.JWT_TTL_SECONDS },
    bodyLimit: vars.BODY_LIMIT,
    outboxPollMs: vars.OUTBOX_POLL_MS,
    slaSweepEveryMs: vars.SLA_SWEEP_EVERY_MS,
    workerConcurrency: vars.WORKER_CONCURRENCY,
    jobsWhileServing: vars.JOBS_WHILE_SERVING,
    intakeSurgeInFlight: vars.INTAKE_SURGE_IN_FLIGHT,
    intakeSurgeHoldMs: vars.INTAKE_SURGE_HOLD_MS,
    workflowSpillOver: vars.WORKFLOW_SPILL_OVER,
    backgroundNice: vars.BACKGROUND_NICE,
    workerLockMs: vars.WORKER_LOCK_MS,
    runMigrations: vars.RUN_MIGRATIONS,
    // Production never seeds demo data, whatever SEED_DEMO says (boot checks again where seeding is invoked).
    seedDemo: vars.SEED_DEMO && vars.NODE_ENV !== 'production',
    seedDemoCases: vars.SEED_DEMO_CASES,
    clockTravel: vars.CLOCK_TRAVEL,
    rateLimits: vars.RATE_LIMITS,
    dataDir: vars.DATA_DIR,
    logLevel: vars.LOG_LEVEL,
    webhooks: {
      maxAttempts: vars.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: vars.WEBHOOK_BACKOFF_MS,
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
    },
    mail: {
      smtpUrl: vars.SMTP_URL || null,
      from: vars.MAIL_FROM || null,
      maxAttempts: vars.MAIL_MAX_ATTEMPTS,
      backoffMs: vars.MAIL_BACKOFF_MS,
      timeoutMs: vars.MAIL_TIMEOUT_MS,
    },
    publicUrl: vars.PUBLIC_URL ? vars.PUBLIC_URL.replace(/\/+$/, '') : null,
    budgetRunningOutPercent: vars.BUDGET_RUNNING_OUT_PERCENT,
    ratings:
      vars.RATING_RECTIFICATION_DAYS === undefined
        ? {}
        : { rectificationWorkingDays: vars.RATING_RECTIFICATION_DAYS },
    databaseApp: { user: vars.DATABASE_APP_USER || null, password: vars.DATABASE_APP_PASSWORD ?? null },
    auditAnchor: {
      key: vars.AUDIT_ANCHOR_KEY,
      dir: vars.AUDIT_ANCHOR_DIR ?? `${vars.DATA_DIR.replace(/\/+$/, '')}/audit-anchors`,
    },
    webhookAllowedHosts: (vars.WEBHOOK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    conflictsMaxPerReviewer: vars.CONFLICTS_MAX_PER_REVIEWER,
    materials: {
      maxPerCase: vars.MATERIALS_MAX_PER_CASE,
      maxBytesPerCase: vars.MATERIALS_MAX_BYTES_PER_CASE,
      uploadsPerMinute: vars.MATERIALS_UPLOADS_PER_MINUTE,
    },
    trustProxy: vars.TRUST_PROXY || null,
    dbPoolMax: vars.DB_POOL_MAX ?? null,
  };
}
