import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** The environment, validated at boot. Every variable has a local default so `npm start` needs none. */
export class EnvVars {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Unset: the machine's PostgreSQL if it answers, else an embedded one; `embedded` forces that (README). */
  @IsOptional()
  @Matches(/^(postgres(ql)?:\/\/.+|embedded)$/, {
    message: 'DATABASE_URL must be a postgres:// URL or "embedded"',
  })
  DATABASE_URL?: string;

  /**
   * Unset: the machine's Redis if it answers, else a child redis-server, else queues on PostgreSQL.
   * `embedded` forces the child; `none` forces the PostgreSQL queue backend (README).
   */
  @IsOptional()
  @Matches(/^(rediss?:\/\/.+|embedded|none)$/, {
    message: 'REDIS_URL must be a redis:// URL, "embedded" or "none"',
  })
  REDIS_URL?: string;

  /** Prefix of every queue key; one per test file, or per tenant. No ':' (BullMQ uses it as a separator). */
  @Matches(/^[A-Za-z0-9_{}-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ - { } only' })
  QUEUE_PREFIX = 'sf';

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'dev-only-secret-change-me-please';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 900;

  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60000)
  OUTBOX_POLL_MS = 200;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3600000)
  SLA_SWEEP_EVERY_MS = 60000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 10;

  /**
   * In a process that serves HTTP and runs jobs (all-in-one), the jobs that may run at once while a request is
   * in flight: the rest wait until no request is, so a deadline-day burst is accepted first and its background
   * work (screening, tasks, alarms) follows. At least 1: background work never stops.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  JOBS_WHILE_SERVING = 1;

  /**
   * Submissions in flight at once in an api process that make it tell the workflow processes to wait: a
   * deadline-day surge is answered first, and the screening it causes follows (IntakeSurge). 0: never.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  INTAKE_SURGE_IN_FLIGHT = 8;

  /**
   * The longest a workflow job waits out an intake surge, counted from when it was queued. Below the workflow
   * reconciler's 60 s, after which a case not screened is queued again.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50_000)
  INTAKE_SURGE_HOLD_MS = 15_000;

  /**
   * Workflow jobs go to one process (the lead) until it falls behind; the other workflow processes stand by and
   * join in when a job waits (SpillOver). false: every workflow process takes jobs as they come.
   */
  @Transform(toBool)
  @IsBoolean()
  WORKFLOW_SPILL_OVER = true;

  /**
   * A process without HTTP (workflow, sla, notifier) lowers its CPU priority to this niceness once it has started,
   * so where processes share cores the api's requests come first: a deadline-day burst is accepted at full speed
   * and the work it leaves (screening, tasks, messages) done right after. 0 keeps the priority. Containers are
   * weighed by their cgroup instead: docker-compose.yml gives the background services `cpu_shares` for the same.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(19)
  BACKGROUND_NICE = 10;

  /** How long a worker's claim on a job lasts without renewal: after a crash, its jobs run again this much later. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  WORKER_LOCK_MS = 30000;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = true;

  /** With SEED_DEMO: also the few hundred demo cases (minutes on an empty database); false seeds the accounts only. */
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO_CASES = true;

  /** Per-client request limits (429). Tests that are not about them switch them off. */
  @Transform(toBool)
  @IsBoolean()
  RATE_LIMITS = true;

  /** Lets tests move the clock forward. Refused in production. */
  @Transform(toBool)
  @IsBoolean()
  CLOCK_TRAVEL = false;

  @IsString()
  DATA_DIR = './.data';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Webhooks: tries per delivery before it is dead-lettered, and the first retry's delay (doubling after). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600000)
  WEBHOOK_BACKOFF_MS = 10000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  WEBHOOK_TIMEOUT_MS = 5000;

  /**
   * E-mail: the SMTP server's URL (smtp:// or smtps://, optionally with user:password@). Unset: no e-mail at all
   * (messages stay in-app and webhooks), and nothing of it costs a transition anything.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'SMTP_URL must be smtp://[user:password@]host[:port] or smtps://[user:password@]host[:port]',
  })
  SMTP_URL?: string;

  /** The sender of every e-mail, `noreply@bureau.example` or `科技局 <noreply@bureau.example>`; required with SMTP_URL. */
  @IsOptional()
  @Matches(/^([^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, {
    message: 'MAIL_FROM must be an address (noreply@bureau.example) or a name and an address (科技局 <noreply@bureau.example>)',
  })
  MAIL_FROM?: string;

  /** E-mail: tries per message before it is failed (a permanent 5xx fails it at once), and the first retry's delay (doubling after). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_MAX_ATTEMPTS = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600000)
  MAIL_BACKOFF_MS = 30000;

  /** E-mail: how long connecting, the greeting and each exchange with the SMTP server may take. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  MAIL_TIMEOUT_MS = 20000;

  /** The address people open the pages at (https://subsidies.bureau.example): e-mails link to the case or the task. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_URL must be an http:// or https:// address without query or fragment (https://subsidies.bureau.example)',
  })
  PUBLIC_URL?: string;

  /** A budget pool is "running out" when less than this percentage of its total is left: administrators are told. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  BUDGET_RUNNING_OUT_PERCENT = 10;

  /**
   * Connections this process may hold in its PostgreSQL pool; unset: enough for its workers (queues consumed ×
   * WORKER_CONCURRENCY + 4), at most 20, so three workflow processes do not take 63 of the server's 100.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DB_POOL_MAX?: number;

  /** 好差评: working days to rectify a bad rating; unset keeps the RatingPolicy default. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  RATING_RECTIFICATION_DAYS?: number;

  /**
   * The database role the application connects as (owns nothing: data rights only, no TRUNCATE, no UPDATE or
   * DELETE on the audit log). DATABASE_URL's role owns the schema and runs migrations, and creates this role.
   * Empty: connect as the owner (development only; refused in production).
   */
  @Matches(/^([a-z_][a-z0-9_]{0,62})?$/, {
    message: 'DATABASE_APP_USER must be a lower-case PostgreSQL role name (or empty)',
  })
  DATABASE_APP_USER = 'sf_app';

  /** The app role's password (set on the role at boot); unset for trust/peer authentication. */
  @IsOptional()
  @IsString()
  DATABASE_APP_PASSWORD?: string;

  /** Key of the HMAC that signs the exported audit chain heads; kept out of the database. */
  @IsString()
  @MinLength(16)
  AUDIT_ANCHOR_KEY = 'dev-only-audit-anchor-key-change-me';

  /** Folder of the signed audit heads (one file per day); default DATA_DIR/audit-anchors. */
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_DIR?: string;

  /** Webhook hosts an administrator allows although they resolve to loopback, link-local or private addresses. */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** Conflict-of-interest declarations one reviewer may hold at a time. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  CONFLICTS_MAX_PER_REVIEWER = 20;

  /** Materials of one case: how many files, how many bytes in all, and uploads per account per minute (429). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MATERIALS_MAX_PER_CASE = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1048576)
  @Max(2147483647)
  MATERIALS_MAX_BYTES_PER_CASE = 104857600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  MATERIALS_UPLOADS_PER_MINUTE = 20;

  /** Express `trust proxy`: which proxies may name the client address (X-Forwarded-For); empty trusts none. */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;
}
