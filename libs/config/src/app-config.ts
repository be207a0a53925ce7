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
  workerLockMs: number;
  runMigrations: boolean;
  seedDemo: boolean;
  clockTravel: boolean;
  rateLimits: boolean;
  dataDir: string;
  logLevel: string;
  webhooks: { maxAttempts: number; backoffMs: number; timeoutMs: number };
  /** The PostgreSQL pool's size for this process; null: derived from what it runs (RootModule). */
  dbPoolMax: number | null;
  /** Overrides of the RatingPolicy defaults; unset fields keep them. */
  ratings: { rectificationWorkingDays?: number };
}

export class ConfigError extends Error {}

/** Validates the environment once, at boot, into one typed object; a bad variable stops the process. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvVars());
  const picked: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'REDIS_URL', 'RATING_RECTIFICATION_DAYS', 'DB_POOL_MAX']) {
    if (env[key] !== undefined) picked[key] = env[key] as string;
  }
  const vars = plainToInstance(EnvVars, picked, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (vars.NODE_ENV === 'production') {
    if (vars.JWT_SECRET === new EnvVars().JWT_SECRET) throw new ConfigError('JWT_SECRET must be set in production');
    if (vars.CLOCK_TRAVEL) throw new ConfigError('CLOCK_TRAVEL is not allowed in production');
    if (!vars.RATE_LIMITS) throw new ConfigError('RATE_LIMITS cannot be switched off in production');
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
    workerLockMs: vars.WORKER_LOCK_MS,
    runMigrations: vars.RUN_MIGRATIONS,
    seedDemo: vars.SEED_DEMO,
    clockTravel: vars.CLOCK_TRAVEL,
    rateLimits: vars.RATE_LIMITS,
    dataDir: vars.DATA_DIR,
    logLevel: vars.LOG_LEVEL,
    webhooks: { maxAttempts: vars.WEBHOOK_MAX_ATTEMPTS, backoffMs: vars.WEBHOOK_BACKOFF_MS, timeoutMs: vars.WEBHOOK_TIMEOUT_MS },
    dbPoolMax: vars.DB_POOL_MAX ?? null,
    ratings: vars.RATING_RECTIFICATION_DAYS === undefined ? {} : { rectificationWorkingDays: vars.RATING_RECTIFICATION_DAYS },
  };
}
