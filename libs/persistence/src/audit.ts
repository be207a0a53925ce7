import { createHash, createHmac, hash as oneShotHash, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';

export interface Actor {
  accountId: string | null;
  role: string;
}

export const SYSTEM_ACTOR: Actor = { accountId: null, role: 'system' };

/** The previous hash of a stream's first row. */
export const AUDIT_GENESIS = '0'.repeat(64);
const GENESIS = AUDIT_GENESIS;

interface ChainFields {
  stream: string;
  seq: number;
  actorAccountId: string | null;
  actorRole: string;
  action: string;
  data: unknown;
  at: string;
  prevHash: string;
}

/** The hashed form of a value: JSON with object keys sorted, undefined members left out. */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(fields: ChainFields): string {
  return createHash('sha256').update(canonical(fields)).digest('hex');
}

/**
 * The canonical text of a row (`auditHash`'s) around its prevHash and seq — what the stream's head decides — as
 * [before prevHash, between prevHash and seq, after seq], for PostgreSQL to complete and hash.
 */
function chainTextAround(fields: Omit<ChainFields, 'seq' | 'prevHash'>): [string, string, string] {
  const [prevValue, seqValue] = ['\u0000prev', '\u0000seq'];
  const text = canonical({ ...fields, prevHash: prevValue, seq: seqValue });
  const [prevMark, seqMark] = [JSON.stringify(prevValue), JSON.stringify(seqValue)];
  // The last occurrences: the data (before prevHash in key order) may hold anything; the stream after seq is a
  // string, whose quotes JSON escapes.
  const p = text.lastIndexOf(prevMark);
  const q = text.lastIndexOf(seqMark);
  if (p < 0 || q < p) throw new Error('audit canonical form: prevHash must come before seq');
  return [text.slice(0, p), text.slice(p + prevMark.length, q), text.slice(q + seqMark.length)];
}

/**
 * Appends one row to a stream's hash chain, in one statement: `audit_stream_head` takes the stream's advisory
 * lock (which orders writers of the same stream only, so cases do not wait on each other) and reads its last row
 * with a snapshot taken after the lock; PostgreSQL then hashes the row's canonical text, built here but for the
 * prevHash and seq the head decides — the same bytes `auditHash` hashes, so `verifyAudit` checks it as any row.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  const { sql, params } = appendAuditSql(entry, 1);
  await manager.query(sql, params);
}

export interface AuditEntry {
  stream: string;
  actor: Actor;
  action: string;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * `appendAudit`'s statement, its parameters numbered from `first` (for a writer that puts more in the statement);
 * with `gate` (a CTE of the same statement), the row is written only if that CTE has a row.
 */
export function appendAuditSql(entry: AuditEntry, first: number, gate?: string): { sql: string; params: unknown[] } {
  const at = entry.at.toISOString();
  const [before, between, after] = chainTextAround({
    stream: entry.stream, actorAccountId: entry.actor.accountId, actorRole: entry.actor.role, action: entry.action,
    data: entry.data, at,
  });
  const $ = (n: number) => `$${first + n - 1}`;
  return {
    sql: `INSERT INTO audit_log (stream, seq, actor_account_id, actor_role, action, data, at, prev_hash, hash)
     SELECT ${$(1)}, n.seq, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, n.prev,
            encode(sha256(convert_to(${$(7)} || '"' || n.prev || '"' || ${$(8)} || n.seq::text || ${$(9)}, 'UTF8')), 'hex')
       FROM (SELECT COALESCE(h.seq, 0) + 1 AS seq, COALESCE(h.hash, ${$(10)}) AS prev
               FROM ${gate ? `(SELECT 1 FROM ${gate})` : '(VALUES (1))'} one LEFT JOIN LATERAL audit_stream_head(${$(1)}) h ON true) n`,
    params: [entry.stream, entry.actor.accountId, entry.actor.role, entry.action, entry.data, at, before, between, after, GENESIS],
  };
}

/**
 * The hash of a new stream's first row (seq 1, after `AUDIT_GENESIS`), for a writer that inserts many such rows
 * in one statement. Only for streams nobody can have written yet — a case this very transaction creates — so no
 * lock and no read of a last row are needed; `appendAudit` is the way for any other stream.
 */
export function firstAuditHash(
  entry: { stream: string; actor: Actor; action: string; data: Record<string, unknown>; at: Date },
): string {
  return firstAuditHasher(entry)(entry.stream, canonical(entry.data));
}

/**
 * `firstAuditHash` for many new streams whose first rows share the actor, action and time: the canonical text of
 * those fields is built once, and each row adds only its stream and its data's canonical text (`canonicalJson`).
 */
export function firstAuditHasher(entry: { actor: Actor; action: string; at: Date }): (stream: string, dataText: string) => string {
  // The text of the shared fields around two placeholders, in canonical()'s key order ('data' before 'stream').
  const [dataValue, streamValue] = ['\u0000data', '\u0000stream'];
  const text = canonical({
    stream: streamValue, seq: 1, actorAccountId: entry.actor.accountId, actorRole: entry.actor.role,
    action: entry.action, data: dataValue, at: entry.at.toISOString(), prevHash: GENESIS,
  } satisfies ChainFields);
  const [dataMark, streamMark] = [JSON.stringify(dataValue), JSON.stringify(streamValue)];
  const d = text.indexOf(dataMark);
  const s = text.indexOf(streamMark);
  if (d < 0 || s < d) throw new Error('audit canonical form: data must come before stream');
  const head = text.slice(0, d);
  const middle = text.slice(d + dataMark.length, s);
  const tail = text.slice(s + streamMark.length);
  return (stream, dataText) => oneShotHash('sha256', head + dataText + middle + JSON.stringify(stream) + tail, 'hex');
}

/** Re-computes every chain (or one stream's); returns the first row that does not verify, if any. */
export async function verifyAudit(
  manager: EntityManager,
  stream?: string,
): Promise<{ ok: true; rows: number } | { ok: false; stream: string; seq: number }> {
  const rows: {
    stream: string; seq: number; actor_account_id: string | null; actor_role: string; action: string;
    data: unknown; at: Date; prev_hash: string; hash: string;
  }[] = await manager.query(
    `SELECT stream, seq, actor_account_id, actor_role, action, data, at, prev_hash, hash FROM audit_log
     ${stream ? 'WHERE stream = $1' : ''} ORDER BY stream, seq`,
    stream ? [stream] : [],
  );
  let previous: { stream: string; seq: number; hash: string } | null = null;
  for (const row of rows) {
    const expectedPrev: string = previous && previous.stream === row.stream ? previous.hash : GENESIS;
    const expectedSeq: number = previous && previous.stream === row.stream ? previous.seq + 1 : 1;
    const hash = auditHash({
      stream: row.stream, seq: row.seq, actorAccountId: row.actor_account_id, actorRole: row.actor_role,
      action: row.action, data: row.data, at: new Date(row.at).toISOString(), prevHash: row.prev_hash,
    });
    if (row.seq !== expectedSeq || row.prev_hash !== expectedPrev || hash !== row.hash) {
      return { ok: false, stream: row.stream, seq: row.seq };
    }
    previous = row;
  }
  return { ok: true, rows: rows.length };
}

/** The head of every stream now: its last seq and hash, and the total number of rows. */
export interface AuditHead {
  rows: number;
  streams: [stream: string, seq: number, hash: string][];
}

export async function auditHead(manager: EntityManager): Promise<AuditHead> {
  const heads: { stream: string; seq: number; hash: string }[] = await manager.query(
    `SELECT DISTINCT ON (stream) stream, seq, hash FROM audit_log ORDER BY stream, seq DESC`,
  );
  const [{ n }]: { n: string }[] = await manager.query('SELECT count(*) AS n FROM audit_log');
  return { rows: Number(n), streams: heads.map((h) => [h.stream, h.seq, h.hash]) };
}

/** A head exported and signed outside the database (HMAC-SHA256 with a key the database never holds). */
export interface SignedAuditHead extends AuditHead {
  exportedAt: string;
  signature: string;
}

function headDigestInput(head: Omit<SignedAuditHead, 'signature'>): string {
  return canonical({ exportedAt: head.exportedAt, rows: head.rows, streams: head.streams });
}

export function signAuditHead(head: AuditHead, exportedAt: Date, key: string): SignedAuditHead {
  const unsigned = { ...head, exportedAt: exportedAt.toISOString() };
  return { ...unsigned, signature: createHmac('sha256', key).update(headDigestInput(unsigned)).digest('hex') };
}

export function auditHeadSignatureOk(head: SignedAuditHead, key: string): boolean {
  const expected = createHmac('sha256', key).update(headDigestInput(head)).digest('hex');
  return expected.length === head.signature?.length && timingSafeEqual(Buffer.from(expected), Buffer.from(head.signature));
}

/**
 * Compares the log with the last exported head: every stream it names must still reach its anchored seq with the
 * anchored hash there (rows after it are fine: the log grew), so a truncated log or a stream shortened from its
 * end no longer verifies, though what is left chains correctly.
 */
export async function checkAgainstHead(
  manager: EntityManager,
  head: SignedAuditHead,
): Promise<{ ok: true } | { ok: false; stream?: string; seq?: number; reason: string }> {
  for (let i = 0; i < head.streams.length; i += 5000) {
    const slice = head.streams.slice(i, i + 5000);
    const found: { stream: string; hash: string }[] = await manager.query(
      `SELECT l.stream, l.hash FROM audit_log l JOIN unnest($1::varchar[], $2::int[]) AS h(stream, seq)
         ON l.stream = h.stream AND l.seq = h.seq`,
      [slice.map((s) => s[0]), slice.map((s) => s[1])],
    );
    const byStream = new Map(found.map((f) => [f.stream, f.hash]));
    for (const [stream, seq, hash] of slice) {
      const now = byStream.get(stream);
      if (now === undefined) return { ok: false, stream, seq, reason: `row ${seq} of ${stream}, in the head exported at ${head.exportedAt}, is gone` };
      if (now !== hash) return { ok: false, stream, seq, reason: `row ${seq} of ${stream} differs from the head exported at ${head.exportedAt}` };
    }
  }
  const [{ n }]: { n: string }[] = await manager.query('SELECT count(*) AS n FROM audit_log');
  if (Number(n) < head.rows) return { ok: false, reason: `${n} rows, fewer than the ${head.rows} of the head exported at ${head.exportedAt}` };
  return { ok: true };
}
