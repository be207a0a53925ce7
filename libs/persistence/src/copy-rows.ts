import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

export type CopyValue = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

/** Bytes per buffer of a `CopyText`: a batch of cases fills a few; each row is copied in once. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Rows in COPY's text format, encoded into buffers as they are added rather than kept as strings: a big import's
 * rows do not sit on the JavaScript heap (where the garbage collector would copy them again and again while the
 * batch waits for PostgreSQL).
 */
export class CopyText {
  private readonly full: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  rows = 0;

  /** One row: its values escaped (`copyText`) and joined by tabs, without the newline. */
  add(line: string): void {
    const most = line.length * 3 + 1; // UTF-8: at most 3 bytes per UTF-16 code unit
    if (this.used + most > this.chunk.length) {
      this.seal();
      if (most > this.chunk.length) this.chunk = Buffer.allocUnsafe(most);
    }
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used++] = 0x0a;
    this.rows++;
  }

  /** The bytes written so far. */
  buffers(): Buffer[] {
    return this.used ? [...this.full, this.chunk.subarray(0, this.used)] : [...this.full];
  }

  private seal(): void {
    if (this.used) this.full.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }
}

/**
 * Streams `rows` (COPY text) into `table` with `COPY … FROM STDIN` on the connection of the caller's transaction (so
 * they roll back with it): one round trip for any number of rows, without a parameter per value. `table` and
 * `columns` are the caller's constants, never input.
 */
export async function copyInto(manager: EntityManager, table: string, columns: readonly string[], rows: CopyText): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`COPY into ${table} needs the caller's transaction`);
  if (rows.rows === 0) return;
  const client = (await runner.connect()) as PoolClient;
  await pipeline(Readable.from(rows.buffers()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/** `copyInto` for rows of plain values, each escaped here. */
export async function copyRows(manager: EntityManager, table: string, columns: readonly string[], rows: readonly CopyValue[][]): Promise<void> {
  const text = new CopyText();
  for (const row of rows) text.add(row.map(copyText).join('\t'));
  await copyInto(manager, table, columns, text);
}
