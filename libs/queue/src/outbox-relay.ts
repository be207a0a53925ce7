import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JobName, QueueName } from '@app/contracts';
import { sessionOptions, setLocalStatements } from '@app/persistence';
import { Client } from 'pg';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';
import { IntakeSurge } from './intake-surge';
import { SpillOver } from './spill-over';

const BATCH = 500;
/** How soon a relay whose LISTEN session died tries to open a new one (again and again until it succeeds). */
const RELISTEN_MS = 1_000;
/**
 * A notification wakes the relay this much later, so the commits of those few milliseconds go out in one batch
 * (one transaction, one addBulk per queue) instead of one each.
 */
const COALESCE_MS = 5;
/**
 * While a surge of submissions holds the workflow's jobs (intake-surge.ts), what the relay would publish at once
 * would only wait: it gathers for this long instead, and publishes a surge's rows in a few large batches, leaving the
 * CPU to the requests.
 */
const SURGE_COALESCE_MS = 250;
/**
 * The relay that publishes as commits are notified is the one whose LISTEN session holds this advisory lock (the
 * two-key form: its own key space, apart from the audit streams' locks). The others stand by: every notification
 * woke every relay, and all but one found the rows taken, so each workflow process added made every commit dearer.
 */
const LEADER_LOCK = [0x6f757462, 1] as const;
/** A standby relay publishes a row the leader has left this long (a paused or cut-off leader still holds its lock). */
const STANDBY_AFTER_MS = 2_000;

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: JobName;
  payload: object;
  /** bigint: a timer weeks ahead is more milliseconds than an int holds. */
  delay_ms: string;
}

const leadingGauge =
  (register.getSingleMetric('subsidy_outbox_relay_leading') as Gauge | undefined) ??
  new Gauge({
    name: 'subsidy_outbox_relay_leading',
    help: 'Whether this process relays the outbox as rows are committed (1) or stands by for rows left behind (0)',
  });

/** 1 while this process's relay holds a LISTEN session, 0 while it only polls (lost connection, restart). */
const listeningGauge =
  (register.getSingleMetric('subsidy_outbox_relay_listening') as Gauge | undefined) ??
  new Gauge({
    name: 'subsidy_outbox_relay_listening',
    help: 'Whether the outbox relay is LISTENing for new rows (1) or only polling (0)',
  });

/**
 * Publishes outbox rows to BullMQ with `jobId = ob-<outbox id>`. Rows are claimed with SKIP LOCKED, so many
 * relays share the work; a row is marked published only in the transaction that saw BullMQ accept it, so a
 * crash in between publishes it again under the same id (BullMQ ignores the duplicate, the inbox the rest).
 * LISTEN/NOTIFY wakes it at once; polling covers a lost notification. When the LISTEN session ends (a
 * PostgreSQL restart, a killed backend) the relay opens a new one as soon as the server answers again. Of several
 * relays one leads (LEADER_LOCK); the others publish only rows left over STANDBY_AFTER_MS, and one of them leads
 * as soon as the leader's session ends. A relay without a LISTEN session polls for every row, as if alone.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A notification that came while a batch was being published: the loop goes round again at once. */
  private notified = false;
  private listener: Client | null = null;
  private listeningNow = false;
  private leading = false;
  private nextListenAt = 0;
  private nextLeadAt = 0;

  constructor(
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly surge: IntakeSurge,
    private readonly spill: SpillOver,
  ) {}

  /** Whether the relay runs in this process, whether it holds a LISTEN session now, and whether it leads. */
  status(): { relay: boolean; listening: boolean; leading: boolean } {
    return { relay: this.running, listening: this.listeningNow, leading: this.leading };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.relay) return;
    this.running = true;
    await this.ensureListening();
    this.loop = this.run();
  }

  /** Opens a LISTEN session unless one is open or the last try was under RELISTEN_MS ago. */
  private async ensureListening(): Promise<void> {
    if (this.listeningNow || !this.running || Date.now() < this.nextListenAt) return;
    this.nextListenAt = Date.now() + RELISTEN_MS;
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, ...sessionOptions('relay') });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.setListening(false);
      this.setLeading(false);
      if (this.running) this.logger.warn(`LISTEN session lost (${why}); polling until it is back`);
      client.end().catch(() => undefined);
      // The loop may be asleep for a whole poll period: wake it, so it listens again within RELISTEN_MS.
      const wake = this.wake;
      this.wake = null;
      wake?.();
    };
    client.on('error', (e: Error) => lost(e.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', () => {
      if (!this.leading) return;
      // Heard while publishing: the loop goes round again at once instead of sleeping until the next poll.
      this.notified = true;
      const wake = this.wake;
      if (!wake) return;
      this.wake = null;
      setTimeout(wake, this.surge.said ? SURGE_COALESCE_MS : COALESCE_MS);
    });
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      this.listener = client;
      this.setListening(true);
      await this.tryToLead();
    } catch (error) {
      client.end().catch(() => undefined);
      this.logger.warn(`LISTEN unavailable, polling: ${(error as Error).message}`);
    }
  }

  /** Takes the lead if no other relay's session holds it (on the LISTEN session: it ends with it). */
  private async tryToLead(): Promise<void> {
    const listener = this.listener;
    if (this.leading || !listener || Date.now() < this.nextLeadAt || !this.spill.mayLeadRelay) return;
    this.nextLeadAt = Date.now() + RELISTEN_MS;
    try {
      const { rows } = await listener.query<{ leads: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS leads', [...LEADER_LOCK]);
      if (this.listener === listener && rows[0]?.leads) this.setLeading(true);
    } catch {
      // The session is failing: `lost` handles it.
    }
  }

  private setLeading(on: boolean): void {
    if (this.leading !== on && this.running) this.logger.log(on ? 'leading the outbox relay' : 'standing by');
    this.leading = on;
    leadingGauge.set(on ? 1 : 0);
  }

  private setListening(on: boolean): void {
    if (this.listeningNow !== on && on && this.nextListenAt) this.logger.log('LISTEN outbox: listening');
    this.listeningNow = on;
    listeningGauge.set(on ? 1 : 0);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      await this.ensureListening();
      await this.tryToLead();
      // A standby publishes only what the leader left behind; a relay that is alone or cannot listen, everything.
      const leftOverMs = this.listeningNow && !this.leading ? STANDBY_AFTER_MS : 0;
      try {
        // A notification may come for rows a relay polling at the same moment took: a read finds out, not a transaction.
        const look = this.notified || leftOverMs > 0;
        this.notified = false;
        const published = look && !(await this.anythingToPublish(leftOverMs)) ? 0 : await this.publishBatch(leftOverMs);
        failures = 0;
        if (published === BATCH || this.notified) continue;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 50 === 0) {
          this.logger.warn(`outbox relay: ${(error as Error).message}; retrying`);
        }
      }
      const pause = failures
        ? Math.min(5_000, this.options.outboxPollMs * 2 ** Math.min(failures, 5))
        : leftOverMs > 0
          ? // A standby publishes only rows left over that long: looking five times a second only cost a statement each time.
            Math.max(this.options.outboxPollMs, leftOverMs / 4)
          : this.options.outboxPollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.listeningNow ? pause : Math.min(pause, RELISTEN_MS));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async anythingToPublish(leftOverMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM outbox WHERE published_at IS NULL AND created_at <= now() - $1 * interval '1 millisecond' LIMIT 1`,
      [leftOverMs],
    );
    return rows.length > 0;
  }

  /** Publishes up to one batch of the rows older than `leftOverMs`; returns how many rows it published. */
  async publishBatch(leftOverMs = 0): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // The relay's own limits on the shared pool: it never waits long on a lock, nor holds its claim long.
      await manager.query(setLocalStatements('relay'));
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, queue, job_name, payload,
                GREATEST(0, (EXTRACT(EPOCH FROM (run_at - now())) * 1000)::bigint) AS delay_ms
           FROM outbox WHERE published_at IS NULL AND created_at <= now() - $2 * interval '1 millisecond'
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH, leftOverMs],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queue, list] of byQueue) {
        await this.queues.addBulk(
          queue,
          list.map((r) => ({
            name: r.job_name,
            data: r.payload,
            jobId: `ob-${r.id}`,
            delayMs: Number(r.delay_ms),
          })),
        );
      }
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const listener = this.listener;
    this.listener = null;
    this.setListening(false);
    this.setLeading(false);
    await listener?.end().catch(() => undefined);
  }
}
