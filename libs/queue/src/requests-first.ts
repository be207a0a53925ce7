import { Inject, Injectable } from '@nestjs/common';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';

/**
 * Requests first, inside one process that both serves HTTP and runs jobs (all-in-one, embedded): while any
 * request is in flight, at most `jobsWhileServing` jobs run at once; the others taken from the queues wait here
 * (their locks renewed as for any active job) and start as soon as no request is being served. What a person
 * waits for at a screen comes before work whose deadline is days away, and background work always moves: at
 * least one job at a time. A process with separate roles does the same with its CPU priority (BACKGROUND_NICE).
 */
@Injectable()
export class RequestsFirst {
  private serving = 0;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly whileServing: number;

  constructor(@Inject(QUEUE_OPTIONS) options: Pick<QueueModuleOptions, 'jobsWhileServing'>) {
    this.whileServing = Math.max(1, options.jobsWhileServing);
  }

  /** A request begins; call what it returns when it ends (any number of times). */
  request(): () => void {
    this.serving++;
    return once(() => {
      this.serving--;
      this.wake();
    });
  }

  /** Resolves when a job may start; call what it resolves to when the job ends (any number of times). */
  async admit(): Promise<() => void> {
    // A job woken from the wait is counted as running by wake(), before anyone else can look.
    if (this.mayStart()) this.running++;
    else await new Promise<void>((start) => this.waiting.push(start));
    return once(() => {
      this.running--;
      this.wake();
    });
  }

  /** Requests in flight in this process, now. */
  get inFlight(): number {
    return this.serving;
  }

  /** Jobs taken from the queues and held back for requests, now. */
  get held(): number {
    return this.waiting.length;
  }

  private mayStart(): boolean {
    return this.serving === 0 || this.running < this.whileServing;
  }

  private wake(): void {
    while (this.waiting.length && this.mayStart()) {
      this.running++;
      (this.waiting.shift() as () => void)();
    }
  }
}

/** `end`, to be called any number of times and run once (a response emits close after finish, say). */
function once(end: () => void): () => void {
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    end();
  };
}
