import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@app/contracts';
import IORedis from 'ioredis';
import { Gauge, register } from 'prom-client';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';
import { createRedis } from './redis';

/** How long one word of the api's lasts unless said again: a stopped or crashed api holds nothing back for longer. */
export const SURGE_WORD_MS = 1000;
/** An api says the word again at most this often while the surge lasts. */
const SAY_EVERY_MS = 250;
/** The queue whose jobs wait out a surge: screening and what follows it. Alarms (sla) and messages never wait. */
const HELD_QUEUE = QueueName.Workflow;

/** What an operator sees when screening lags on a deadline day: the jobs held back, and why. */
const heldGauge =
  (register.getSingleMetric('subsidy_intake_surge_held_jobs') as Gauge | undefined) ??
  new Gauge({
    name: 'subsidy_intake_surge_held_jobs',
    help: 'Workflow jobs this process holds back while an api is in a surge of submissions (intake-surge.ts)',
  });

/** The channel of a deployment's word, and its two messages. */
export const surgeChannel = (prefix: string): string => `${prefix}:intake-surge`;
export const SURGE_ON = 'on';
export const SURGE_OFF = 'off';

/**
 * Requests first across processes, on a deadline day. While an api process has `intakeSurgeInFlight` or more
 * submissions in flight at once, it says so on a Redis channel (again at most every 250 ms while the surge lasts,
 * and "off" when it ends); a process that runs workflow jobs, hearing it, holds each job it takes until the word
 * is taken back or lapses (a second after it was last said), for `intakeSurgeHoldMs` at most after the job was
 * queued. A burst of applications is answered at the speed of the api alone, and the screening it causes follows,
 * seconds later; under a surge longer than the cap, screening runs that much behind and keeps pace.
 *
 * Only submissions raise the word: a reviewer's decision waits for the workflow's next step, so holding that step
 * while decisions are in flight would slow the very requests it means to speed (measured in BENCHMARKS.md). Inside
 * one process, RequestsFirst does the same for any request. Held jobs keep their worker's slot and lock (renewed as
 * for any active job), so nothing is taken twice and nothing is re-queued in a loop. A word lost on the way only
 * means nothing is held (or held until it lapses); nobody polls. Without Redis (the embedded mode: one process)
 * there is no word and nothing waits here.
 */
@Injectable()
export class IntakeSurge implements OnApplicationBootstrap {
  private readonly channel: string;
  private inFlight = 0;
  private lastSaid = 0;
  private saying = false;
  private listener: IORedis | null = null;
  private lapse: NodeJS.Timeout | null = null;
  private readonly waiting = new Set<() => void>();

  constructor(
    @Inject(QUEUE_OPTIONS)
    private readonly options: Pick<QueueModuleOptions, 'prefix' | 'consume' | 'redisUrl' | 'intakeSurgeInFlight' | 'intakeSurgeHoldMs'>,
    private readonly queues: QueueService,
  ) {
    this.channel = surgeChannel(options.prefix);
  }

  /** A process that runs workflow jobs listens for the word from the start. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.consume.includes(HELD_QUEUE) || !this.options.redisUrl) return;
    // A connection of its own: one that subscribes can do nothing else. It reconnects by itself and subscribes
    // again; start-up waits 2 s at most for it (a Redis that is away is the workers' error to report, not this).
    const listener = createRedis(this.options.redisUrl, 'worker');
    listener.on('error', () => undefined);
    listener.on('message', (_channel: string, word: string) => this.heard(word === SURGE_ON));
    this.listener = listener;
    await Promise.race([listener.subscribe(this.channel).catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** A submission begins; call what it returns when it ends (any number of times). */
  submission(): () => void {
    this.inFlight++;
    const now = Date.now();
    const surgeAt = this.options.intakeSurgeInFlight;
    if (surgeAt > 0 && this.inFlight >= surgeAt && now - this.lastSaid >= SAY_EVERY_MS) {
      this.lastSaid = now;
      this.saying = true;
      this.say(SURGE_ON);
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      // The surge is over here: the held work may start now rather than when the word would lapse. Should another
      // api still be in a surge, it says the word again with its next submission.
      // A surge hovering at the threshold says "on" and "off" no more often than SAY_EVERY_MS allows.
      if (this.saying && this.inFlight < surgeAt) {
        this.saying = false;
        this.say(SURGE_OFF);
      }
    };
  }

  private say(word: string): void {
    // A word not said (Redis away) only means the background is not held: a request never waits on it.
    this.queues.redis?.publish(this.channel, word).catch(() => undefined);
  }

  /**
   * Resolves when a job of `queue`, queued at `queuedAt` (ms), may run: at once unless it is a workflow job taken
   * while the word is said, and then when the word is gone or the cap since it was queued has passed.
   */
  async hold(queue: QueueName, queuedAt: number): Promise<void> {
    const until = queuedAt + this.options.intakeSurgeHoldMs;
    if (queue !== HELD_QUEUE || !this.said || Date.now() >= until) return;
    await new Promise<void>((release) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        heldGauge.set(this.waiting.size);
        release();
      };
      const timer = setTimeout(done, until - Date.now());
      this.waiting.add(done);
      heldGauge.set(this.waiting.size);
    });
  }

  /** Whether this process has heard the word and it still holds (only a process that runs workflow jobs listens). */
  get said(): boolean {
    return this.lapse !== null;
  }

  /** Jobs held for a surge, now. */
  get held(): number {
    return this.waiting.size;
  }

  private heard(on: boolean): void {
    if (this.lapse) clearTimeout(this.lapse);
    this.lapse = null;
    if (on) {
      this.lapse = setTimeout(() => this.heard(false), SURGE_WORD_MS);
      this.lapse.unref();
      return;
    }
    for (const release of [...this.waiting]) release();
  }

  /** Stops listening and lets every held job run (before the workers close: they wait for their active jobs). */
  stop(): void {
    this.listener?.disconnect();
    this.listener = null;
    this.heard(false);
  }
}
