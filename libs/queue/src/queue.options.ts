import { QueueName } from '@app/contracts';

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

export interface QueueModuleOptions {
  /** Null: no Redis to be had, so the queues run on BullMQ's PostgreSQL backend in `databaseUrl`. */
  redisUrl: string | null;
  databaseUrl: string;
  prefix: string;
  /** The queues whose workers run in this process; empty for an API-only process. */
  consume: QueueName[];
  /** Whether this process runs the outbox relay. */
  relay: boolean;
  concurrency: number;
  /** Jobs that may run at once while this process serves a request (RequestsFirst); at least 1. */
  jobsWhileServing: number;
  /** Submissions in flight at once in an api process that make it ask the workflow processes to wait (IntakeSurge). */
  intakeSurgeInFlight: number;
  /** The longest a workflow job waits out a surge, from when it was queued. */
  intakeSurgeHoldMs: number;
  /** Workflow jobs to one process (the lead) until it falls behind, the others standing by (SpillOver). */
  spillOver: boolean;
  /** A crashed worker's jobs are taken up again after this (BullMQ's lock and stalled-job check). */
  lockMs: number;
  production: boolean;
  outboxPollMs: number;
}

/**
 * How often a job may be taken up again from a worker that died holding it before BullMQ fails it (its default is
 * once). A job's effects are once only whoever runs it, so another try costs nothing; allowed once, a job held by
 * two processes killed in turn was failed and its case waited a minute for the workflow reconciler (test:faults F1).
 * Still bounded: a job that kills every process that takes it stops after this many.
 */
export const MAX_STALLED = 4;

/** Retention: enough completed jobs to deduplicate a re-published outbox row, and failed ones kept for a look. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;
