import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AccountEntity } from '@app/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The channel the `accounts_changed` trigger (migration AccountNotify) names each changed account's id on. */
export const ACCOUNTS_CHANNEL = 'accounts_changed';
/**
 * The longest a cached account is used: the bound on staleness should a change's notification be lost while the
 * listener still looks healthy. Changes made in this process evict at once; others' arrive by NOTIFY in
 * milliseconds.
 */
export const ACCOUNT_CACHE_MS = 5000;
/** Enough for every account active in a deadline-day burst; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 50_000;

/** What checking a token needs of its account (and what the principal is made of). */
export type TokenAccount = Pick<
  AccountEntity,
  | 'id' | 'username' | 'roles' | 'enterpriseId' | 'regionCode' | 'conflictEnterpriseIds' | 'tokenVersion'
  | 'mustChangePassword' | 'totpEnabledAt'
>;

/**
 * Only the columns a token's check uses, in plain SQL: on a deadline day every request of a new enterprise misses
 * the cache, and the entity read (query builder, every column, hydration) cost more CPU than the request's own
 * statements.
 */
const TOKEN_ACCOUNT_SQL = `SELECT id, username, roles, enterprise_id AS "enterpriseId", region_code AS "regionCode",
       conflict_enterprise_ids AS "conflictEnterpriseIds", token_version AS "tokenVersion",
       must_change_password AS "mustChangePassword", totp_enabled_at AS "totpEnabledAt"
  FROM accounts WHERE id = $1`;

/**
 * The accounts behind the tokens of recent requests, so a request does not read its account again (one query
 * per request on the burst's path). Correctness first: an entry lives `ACCOUNT_CACHE_MS` at most; every change of
 * an account row NOTIFYs its id (a trigger, whoever writes it) and this process evicts it when heard; a writer in
 * this process also evicts directly (`evict`), so its next request sees the change; and while the LISTEN session
 * is not up nothing is cached at all. A load that raced an eviction is not stored (the generation moved).
 */
@Injectable()
export class AccountCache implements OnApplicationShutdown {
  private readonly logger = new Logger(AccountCache.name);
  private readonly entries = new Map<string, { account: TokenAccount; at: number }>();
  private generation = 0;
  private listener: Client | null = null;
  private listening: Promise<void> | null = null;

  /** Milliseconds now; a test replaces it to show the bound. */
  clock: () => number = Date.now;

  constructor(private readonly dataSource: DataSource) {}

  /** The account, from the cache when fresh, else read (and cached if the listener is up). */
  async get(id: string): Promise<TokenAccount | null> {
    const hit = this.entries.get(id);
    if (hit && this.clock() - hit.at < ACCOUNT_CACHE_MS && this.listener) return hit.account;
    this.listening ??= this.listen();
    const generation = this.generation;
    const rows: TokenAccount[] = await this.dataSource.query(TOKEN_ACCOUNT_SQL, [id]);
    const account = rows[0] ?? null;
    if (account && this.listener && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, { account, at: this.clock() });
    } else {
      this.entries.delete(id);
    }
    return account;
  }

  /** Forgets an account (its row changed); a load in flight will not store what it read. */
  evict(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    const listener = new Client({ connectionString: url });
    const down = () => {
      if (this.listener === listener) this.listener = null;
      this.generation++;
      this.entries.clear();
      // Listen again at the next request: until then every request reads its account.
      this.listening = null;
    };
    listener.on('error', (error) => {
      this.logger.warn(`account changes not heard (${error.message}): accounts are read on every request until listening again`);
      down();
    });
    listener.on('end', down);
    listener.on('notification', (message) => (message.payload ? this.evict(message.payload) : undefined));
    try {
      await listener.connect();
      await listener.query(`LISTEN ${ACCOUNTS_CHANNEL}`);
      this.listener = listener;
    } catch (error) {
      this.logger.warn(`cannot LISTEN for account changes: ${(error as Error).message}`);
      await listener.end().catch(() => undefined);
      // Try again a little later; meanwhile nothing is cached.
      setTimeout(() => (this.listening = null), 30_000).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    this.listening = Promise.resolve();
    await listener?.end().catch(() => undefined);
  }
}
