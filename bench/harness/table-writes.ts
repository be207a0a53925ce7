/**
 * What a measured window wrote, from PostgreSQL's own counters: rows inserted, updated (and how many of those
 * were HOT, touching no index), deleted, per table, with the index entries those writes cost, and the WAL the
 * whole server wrote. The row counts say what PostgreSQL must do whatever the application's round trips; the
 * WAL compares a transition with a pgbench transaction on the same server.
 *
 * The table counters are flushed by each backend at most once a second, and by a backend that went idle less than a
 * second after its last flush only ten seconds later (PostgreSQL's PGSTAT_IDLE_INTERVAL): a snapshot after the work
 * waits until they have not moved for that long. The WAL counts the full-page images written after a checkpoint
 * too (`walFullPages`), so it varies more from round to round than the rows do.
 */
import { Client } from 'pg';

export interface TableWrites {
  inserted: number;
  updated: number;
  hotUpdated: number;
  deleted: number;
  indexes: number;
}

export interface WritesSnapshot {
  tables: Record<string, TableWrites>;
  walBytes: number;
  walRecords: number;
  walFullPages: number;
}

export interface WritesPerUnit {
  tables: { table: string; inserted: number; updated: number; hotUpdated: number; deleted: number; indexes: number; indexEntries: number }[];
  rows: number;
  indexEntries: number;
  walBytes: number;
  walRecords: number;
  walFullPages: number;
}

export async function snapshotWrites(client: Client): Promise<WritesSnapshot> {
  const { rows } = await client.query<{ relname: string; ins: string; upd: string; hot: string; del: string; idx: number }>(
    `SELECT t.relname, t.n_tup_ins AS ins, t.n_tup_upd AS upd, t.n_tup_hot_upd AS hot, t.n_tup_del AS del,
            (SELECT count(*)::int FROM pg_index i WHERE i.indrelid = t.relid) AS idx
       FROM pg_stat_user_tables t`,
  );
  const [wal] = (await client.query<{ bytes: string; records: string; fpi: string }>(
    'SELECT wal_bytes AS bytes, wal_records AS records, wal_fpi AS fpi FROM pg_stat_wal',
  )).rows;
  return {
    tables: Object.fromEntries(rows.map((r) => [r.relname, {
      inserted: Number(r.ins), updated: Number(r.upd), hotUpdated: Number(r.hot), deleted: Number(r.del), indexes: r.idx,
    }])),
    walBytes: Number(wal.bytes),
    walRecords: Number(wal.records),
    walFullPages: Number(wal.fpi),
  };
}

const written = (s: WritesSnapshot) => Object.values(s.tables).reduce((a, t) => a + t.inserted + t.updated + t.deleted, 0);

/**
 * A snapshot once every backend has flushed its counters: they have not moved for `quietMs` (11 s after work, so
 * that an idle backend's late flush is in; less where the work ended that long ago), 40 s at most.
 */
export async function settledWrites(client: Client, quietMs = 11_000): Promise<WritesSnapshot> {
  let last = await snapshotWrites(client);
  let since = Date.now();
  const until = since + 40_000;
  while (Date.now() - since < quietMs && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await snapshotWrites(client);
    if (written(next) !== written(last)) since = Date.now();
    last = next;
  }
  return last;
}

/**
 * Per unit between two snapshots. An insert or a non-HOT update adds an entry to every index of its table
 * (a partial index that skips the row is counted all the same: an upper bound); a delete adds none.
 */
export function writesPerUnit(before: WritesSnapshot, after: WritesSnapshot, units: number): WritesPerUnit {
  const per = (n: number) => n / Math.max(1, units);
  const tables = Object.entries(after.tables).map(([table, a]) => {
    const b = before.tables[table] ?? { inserted: 0, updated: 0, hotUpdated: 0, deleted: 0, indexes: a.indexes };
    const inserted = a.inserted - b.inserted;
    const updated = a.updated - b.updated;
    const hotUpdated = a.hotUpdated - b.hotUpdated;
    const deleted = a.deleted - b.deleted;
    return {
      table, inserted: per(inserted), updated: per(updated), hotUpdated: per(hotUpdated), deleted: per(deleted), indexes: a.indexes,
      indexEntries: per((inserted + updated - hotUpdated) * a.indexes),
    };
  }).filter((t) => t.inserted + t.updated + t.deleted > 0).sort((x, y) => y.indexEntries + y.inserted + y.updated - (x.indexEntries + x.inserted + x.updated));
  return {
    tables,
    rows: tables.reduce((a, t) => a + t.inserted + t.updated + t.deleted, 0),
    indexEntries: tables.reduce((a, t) => a + t.indexEntries, 0),
    walBytes: per(after.walBytes - before.walBytes),
    walRecords: per(after.walRecords - before.walRecords),
    walFullPages: per(after.walFullPages - before.walFullPages),
  };
}
