import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { cpus } from 'node:os';
import { Counter, Gauge, register } from 'prom-client';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';
import { IntakeSurge } from './intake-surge';
import { workerName } from './worker-name';
import { performance } from 'node:perf_hooks';

/** How often a workflow process looks at who leads and at what waits. */
export const SPILL_LOOK_MS = 250;
/** A lead not renewed for this long (a process stopped or crashed) goes to whichever process looks next. */
export const SPILL_LEAD_MS = 2_000;
/** A lead whose event loop was busy this share of the last look is behind: a standby joins in when jobs wait. */
export const SPILL_BUSY = 0.8;
/**
 * Cores left idle on this machine over the last look that a standby needs to join a busy lead: where the cores are
 * all taken, a process more only spreads the same work thinner (and costs more CPU for it).
 */
export const SPILL_IDLE_CORES = 0.5;
/** A job waiting this long joins a standby in, however idle the lead says it is (its slots are all taken). */
export const SPILL_STUCK_MS = 2_000;
/** The queue that spills over: the workflow's. Alarms, messages and the sla's sweeps are consumed by all as before. */
const SPILLING_QUEUE = QueueName.Workflow;

/** Why a standby joined in: which of the two rules fired (a lead that only fell behind, or one that took no job). */
const joinsCounter =
  (register.getSingleMetric('subsidy_workflow_standby_joins_total') as Counter<'reason'> | undefined) ??
  new Counter({
    name: 'subsidy_workflow_standby_joins_total',
    help: 'Times this standby joined in: reason "stuck" (the oldest job waited SPILL_STUCK_MS) or "busy" (a busy lead, a core idle)',
    labelNames: ['reason'],
  });

/**
 * One look, atomic: renews or takes the lead (KEYS[1]) for this process (ARGV[1]) and, leading, says how busy it is
 * (ARGV[3], KEYS[4]); answers whether it leads, how many jobs wait (the wait list and the prioritized set), the id
 * of the one that has waited longest (BullMQ pushes on the left and takes from the right) and how busy the lead is.
 */
const LOOK = `
local holder = redis.call('GET', KEYS[1])
local lead = 0
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2]); lead = 1
elseif not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]); lead = 1
end
if lead == 1 then redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[2]) end
local waiting = redis.call('LLEN', KEYS[2]) + redis.call('ZCARD', KEYS[3])
local oldest = redis.call('LINDEX', KEYS[2], -1) or ''
return {lead, waiting, oldest, redis.call('GET', KEYS[4]) or '0', holder or ARGV[1]}`;

type Look = (...args: (string | number)[]) => Promise<[number, number, string, string, string]>;

/** LOOK as a command of the connection (EVALSHA: the script's text is sent once, not four times a second). */
function lookOn(redis: IORedis): Look {
  const commands = redis as unknown as { spillLook?: Look };
  if (!commands.spillLook) redis.defineCommand('spillLook', { numberOfKeys: 4, lua: LOOK });
  return commands.spillLook!.bind(redis);
}

/** Let go of the lead only if this process holds it. */
const LET_GO = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const engagedGauge =
  (register.getSingleMetric('subsidy_workflow_worker_engaged') as Gauge | undefined) ??
  new Gauge({
    name: 'subsidy_workflow_worker_engaged',
    help: 'Whether this process takes workflow jobs now: 1 while it leads or the lead has fallen behind (spill-over.ts)',
  });

/**
 * Cores this machine left idle since the last sample (os.cpus(): every core's idle time, in ms). Read only when a
 * standby would otherwise join in (reading it costs more than the rest of a look); a sample more than two looks
 * after the last counts over the last look only, read again then.
 */
class IdleCores {
  private last = { at: 0, idleMs: 0 };

  private static idleMs(): number {
    return cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);
  }

  sample(): number {
    const now = { at: Date.now(), idleMs: IdleCores.idleMs() };
    const fresh = now.at - this.last.at <= 2 * SPILL_LOOK_MS;
    const cores = fresh ? (now.idleMs - this.last.idleMs) / Math.max(1, now.at - this.last.at) : 0;
    this.last = now;
    return cores;
  }
}

/**
 * Workflow jobs go to one process until it falls behind. Of the workflow processes sharing a queue prefix, one
 * leads (a Redis key it renews every look): it takes every workflow job. The others stand by and look every 250 ms;
 * one joins in when the lead has taken no job for a whole look while its event loop was busy and this machine has
 * a core to spare, or has taken none for 2 s whatever it says (its slots are all taken, or it hangs); it stands back
 * as soon as none waits, though it may still run the one job its last fetch was waiting for. A lead that
 * stops lets go of the key; one that crashes loses it 2 s later, to whichever process looks next, or at once to a
 * process that starts and finds the holder's worker no longer connected.
 *
 * Why: on cores the processes share, the same work spread over more processes costs more CPU — each wakes for
 * less of it and hands the CPU to a PostgreSQL backend more often (BENCHMARKS.md, "a workflow process added") — so
 * a process added lowered throughput. Gathered on one process while it keeps up, a process added costs only its
 * standing by, and joins in when there is more work than one process does and a core for it. The alarms queue is
 * not governed: an instant's 20,000 alarms are meant to be shared out at once.
 *
 * Off with `WORKFLOW_SPILL_OVER=false` (every process takes jobs as they come), and without Redis (the embedded
 * mode runs one process).
 */
@Injectable()
export class SpillOver implements OnModuleDestroy {
  private readonly logger = new Logger(SpillOver.name);
  /** This process's worker name and a suffix of this instance's own. */
  private readonly me = `${workerName()}|${Math.random().toString(36).slice(2, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private worker: Worker | null = null;
  private checkedHolder = '';
  private oldest = '';
  private oldestSince = 0;
  private loop = performance.eventLoopUtilization();
  private readonly idle = new IdleCores();
  private engaged = false;
  private leading = false;
  private stopped = false;

  constructor(
    @Inject(QUEUE_OPTIONS) private readonly options: Pick<QueueModuleOptions, 'prefix' | 'redisUrl' | 'consume' | 'spillOver'>,
    private readonly queues: QueueService,
    private readonly surge: IntakeSurge,
  ) {}

  /** Whether `queue`'s worker is governed here: it is then created without running and handed to `govern`. */
  governs(queue: QueueName): boolean {
    return queue === SPILLING_QUEUE && this.options.spillOver && this.options.redisUrl !== null && this.queues.redis !== null;
  }

  /** Takes charge of the workflow worker (created with `autorun: false`): the first look decides whether it runs. */
  async govern(worker: Worker): Promise<void> {
    this.worker = worker;
    await this.look();
    this.schedule();
  }

  /** Whether this process leads the workflow queue now. */
  get isLead(): boolean {
    return this.leading;
  }

  /**
   * Whether this process's outbox relay may lead: where the workflow's jobs are gathered, so is the relaying of
   * what they commit (a process that does not govern its workflow worker may always lead).
   */
  get mayLeadRelay(): boolean {
    return !this.governs(SPILLING_QUEUE) || !this.options.consume.includes(SPILLING_QUEUE) || this.leading;
  }

  /** Whether this process takes workflow jobs now. */
  get isEngaged(): boolean {
    return this.engaged;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.look().finally(() => this.schedule()), SPILL_LOOK_MS);
    this.timer.unref();
  }

  /** One look: lead or not, and whether to take jobs until the next. A Redis that is away changes nothing. */
  async look(): Promise<void> {
    const redis = this.queues.redis;
    if (!redis || !this.worker || this.stopped) return;
    const base = `${this.options.prefix}:${SPILLING_QUEUE}`;
    const loop = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(loop, this.loop).utilization;
    this.loop = loop;
    let answer: [number, number, string, string, string];
    try {
      answer = await lookOn(redis)(
        `${base}:spill-lead`, `${base}:wait`, `${base}:prioritized`, `${base}:spill-busy`, this.me, SPILL_LEAD_MS, busy.toFixed(2),
      );
    } catch {
      return;
    }
    const [lead, waiting, oldest, leadBusy, holder] = answer;
    this.leading = lead === 1;
    // A lead first seen here whose process is gone (killed: its worker's connection closed with it) is taken now,
    // not when its key lapses: the process that replaces a crashed one starts work at once.
    if (!this.leading && holder !== this.checkedHolder) {
      this.checkedHolder = holder;
      if (!(await this.connected(holder))) {
        await redis.eval(LET_GO, 1, `${base}:spill-lead`, holder).catch(() => undefined);
        return this.look();
      }
    }
    const now = Date.now();
    if (oldest !== this.oldest) {
      this.oldest = oldest;
      this.oldestSince = now;
    }
    // How long the oldest job has waited at least: since the look that first saw it oldest.
    const waited = now - this.oldestSince;
    if (this.leading) this.engage();
    else if (waiting === 0) this.standBack();
    // Held on purpose while an api is in a surge (IntakeSurge): taking them here would only hold them here.
    else if (this.surge.said) return;
    else if (waited >= SPILL_STUCK_MS) this.engage('stuck');
    // A busy lead that left a job a whole look, and a core for this process to take it on.
    else if (Number(leadBusy) >= SPILL_BUSY && waited >= SPILL_LOOK_MS && this.idle.sample() >= SPILL_IDLE_CORES) this.engage('busy');
  }

  /** Whether the process holding the lead has a worker connected to the queue (if Redis cannot say: yes). */
  private async connected(holder: string): Promise<boolean> {
    const name = holder.split('|')[0];
    try {
      const workers = await this.queues.queue(SPILLING_QUEUE).getWorkers();
      return workers.some((w) => String(w.rawname ?? '').endsWith(`:w:${name}`));
    } catch {
      return true;
    }
  }

  private engage(reason?: 'stuck' | 'busy'): void {
    if (this.engaged || !this.worker) return;
    this.engaged = true;
    engagedGauge.set(1);
    if (reason) joinsCounter.inc({ reason });
    // resume() runs a worker that never ran, or lets a paused one fetch again.
    void this.worker.resume();
  }

  private standBack(): void {
    if (!this.engaged || !this.worker) return;
    this.engaged = false;
    engagedGauge.set(0);
    // Its jobs in flight finish; it takes no new one.
    void this.worker.pause(true).catch((error: Error) => this.logger.warn(`pausing the workflow worker: ${error.message}`));
  }

  /** Stops looking and lets go of the lead at once, so a standby takes it at its next look (before workers close). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.leading || !this.queues.redis) return;
    this.leading = false;
    await this.queues.redis.eval(LET_GO, 1, `${this.options.prefix}:${SPILLING_QUEUE}:spill-lead`, this.me).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
