import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import IORedis from 'ioredis';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';

/** How long one word of the api's lasts: a stopped or crashed api holds nothing back for longer. */
export const SURGE_WORD_MS = 1000;
/** An api says the word again at most this often while the surge lasts. */
const SAY_EVERY_MS = 250;
/** How often a process that holds work looks whether the word is still said. */
const LOOK_EVERY_MS = 100;
/** The queue whose jobs wait out a surge: screening and what follows it. Alarms (sla) and messages never wait. */
const HELD_QUEUE = QueueName.Workflow;

/**
 * Requests first across processes, on a deadline day. While an api process has `intakeSurgeInFlight` or more
 * submissions in flight at once, it says so in Redis (a key that lasts a second, said again while the surge
 * lasts); a process that runs workflow jobs then holds each one it takes until the word is gone, for
 * `intakeSurgeHoldMs` at most after the job was queued. A burst of applications is answered at the speed of the api
 * alone, and the screening it causes follows it, seconds later; under a surge longer than the cap, screening runs
 * that much behind and keeps pace.
 *
 * Only submissions raise the word: a reviewer's decision waits for the workflow's next step, so holding that step
 * while decisions are in flight would slow the very requests it means to speed (measured in BENCHMARKS.md). Inside
 * one process, RequestsFirst does the same for any request. Held jobs keep their worker's slot and lock (renewed as
 * for any active job), so nothing is taken twice and nothing is re-queued in a loop. Without Redis (the embedded
 * mode: one process) there is no word and nothing waits here.
 */
@Injectable()
export class IntakeSurge implements OnApplicationBootstrap {
  private readonly key: string;
  private inFlight = 0;
  private lastSaid = 0;
  private saying = false;
  private readonly surgeAt: number;
  private surging = false;
  private looking: NodeJS.Timeout | null = null;
  private readonly waiting = new Set<() => void>();

  constructor(
    @Inject(QUEUE_OPTIONS)
    private readonly options: Pick<QueueModuleOptions, 'prefix' | 'consume' | 'intakeSurgeInFlight' | 'intakeSurgeHoldMs'>,
    private readonly queues: QueueService,
  ) {
    this.key = `${options.prefix}:intake-surge`;
    this.surgeAt = options.intakeSurgeInFlight;
  }

  /** A process that runs workflow jobs looks for the word from the start. */
  onApplicationBootstrap(): void {
    if (this.options.consume.includes(HELD_QUEUE) && this.queues.redis) this.looking = this.look();
  }

  /** A submission begins; call what it returns when it ends (any number of times). */
  submission(): () => void {
    this.inFlight++;
    const now = Date.now();
    if (this.surgeAt > 0 && this.inFlight >= this.surgeAt && now - this.lastSaid >= SAY_EVERY_MS) {
      this.lastSaid = now;
      this.saying = true;
      this.say((redis) => redis.set(this.key, '1', 'PX', SURGE_WORD_MS));
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      // The surge is over here: the held work may start now rather than when the word would lapse. Should another
      // api still be in a surge, it says the word again with its next submission.
      if (this.saying && this.inFlight < this.surgeAt) {
        this.saying = false;
        this.say((redis) => redis.del(this.key));
      }
    };
  }

  private say(command: (redis: IORedis) => Promise<unknown>): void {
    // A word not said (Redis away) only means the background is not held: a request never waits on it.
    if (this.queues.redis) command(this.queues.redis).catch(() => undefined);
  }

  /**
   * Resolves when a job of `queue`, queued at `queuedAt` (ms), may run: at once unless it is a workflow job taken
   * while the word is said, and then when the word is gone or the cap since it was queued has passed.
   */
  async hold(queue: QueueName, queuedAt: number): Promise<void> {
    if (queue !== HELD_QUEUE || !this.looking) return;
    const until = queuedAt + this.options.intakeSurgeHoldMs;
    if (!this.surging || Date.now() >= until) return;
    await new Promise<void>((release) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        release();
      };
      const timer = setTimeout(done, until - Date.now());
      this.waiting.add(done);
    });
  }

  /** Whether this process has seen the word (only a process that runs workflow jobs looks). */
  get said(): boolean {
    return this.surging;
  }

  /** Jobs held for a surge, now. */
  get held(): number {
    return this.waiting.size;
  }

  private look(): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.queues.redis
        ?.exists(this.key)
        .then((n) => this.set(n > 0))
        // Redis away: nothing can be said, so nothing waits.
        .catch(() => this.set(false));
    }, LOOK_EVERY_MS);
    timer.unref();
    return timer;
  }

  private set(surging: boolean): void {
    this.surging = surging;
    if (!surging) for (const release of [...this.waiting]) release();
  }

  /** Stops looking and lets every held job run (before the workers close: they wait for their active jobs). */
  stop(): void {
    if (this.looking) clearInterval(this.looking);
    this.looking = null;
    this.set(false);
  }
}
