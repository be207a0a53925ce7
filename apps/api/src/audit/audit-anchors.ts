import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { auditHead, auditHeadSignatureOk, checkAgainstHead, shanghaiDay, signAuditHead, SignedAuditHead, TimeSource, verifyAudit } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const FILE = /^audit-head-(\d{4}-\d{2}-\d{2})\.json$/;
const CHECK_EVERY_MS = 3600_000;

export type AuditVerification =
  | { ok: true; rows: number; anchoredAt: string | null }
  | { ok: false; stream?: string; seq?: number; reason: string };

/**
 * The audit chain's head, anchored outside the database: once a day (checked at boot and hourly) the head of
 * every stream is signed with AUDIT_ANCHOR_KEY (never stored in the database) and written to
 * AUDIT_ANCHOR_DIR/audit-head-<day>.json; verification re-computes every chain and compares the log with the last
 * exported head, so deleting rows (even the last ones, even all) is found.
 */
@Injectable()
export class AuditAnchors implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditAnchors');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.exportIfDue();
    this.timer = setInterval(() => void this.exportIfDue().catch((e: Error) => this.logger.error(`audit head export failed: ${e.message}`)), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private get dir(): string {
    return this.config.auditAnchor.dir;
  }

  /** Exports today's head unless it exists already. */
  async exportIfDue(): Promise<void> {
    const today = shanghaiDay(this.time.now());
    const files = await readdir(this.dir).catch(() => [] as string[]);
    if (!files.includes(`audit-head-${today}.json`)) await this.export();
  }

  /** Signs and writes the head now (replacing today's file). */
  async export(): Promise<SignedAuditHead> {
    const now = this.time.now();
    const head = signAuditHead(await auditHead(this.dataSource.manager), now, this.config.auditAnchor.key);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `audit-head-${shanghaiDay(now)}.json`);
    // A temporary name of its own: two exports at once each rename a whole file, never a half-written one.
    const tmp = `${file}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(head), { mode: 0o600 });
    await rename(tmp, file);
    return head;
  }

  /** The last exported head, or null before the first export. */
  async latest(): Promise<SignedAuditHead | null> {
    const files = (await readdir(this.dir).catch(() => [] as string[])).filter((f) => FILE.test(f)).sort();
    const last = files.at(-1);
    return last ? (JSON.parse(await readFile(join(this.dir, last), 'utf8')) as SignedAuditHead) : null;
  }

  async verify(stream?: string): Promise<AuditVerification> {
    const chains = await verifyAudit(this.dataSource.manager, stream);
    if (!chains.ok) return { ok: false, stream: chains.stream, seq: chains.seq, reason: 'a row does not chain to the one before it' };
    const head = await this.latest();
    if (!head) return { ok: true, rows: chains.rows, anchoredAt: null };
    if (!auditHeadSignatureOk(head, this.config.auditAnchor.key)) return { ok: false, reason: `the head exported at ${head.exportedAt} is not signed with the anchor key` };
    const scoped = stream ? { ...head, streams: head.streams.filter((s) => s[0] === stream), rows: 0 } : head;
    const anchored = await checkAgainstHead(this.dataSource.manager, scoped);
    return anchored.ok ? { ok: true, rows: chains.rows, anchoredAt: head.exportedAt } : anchored;
  }
}
