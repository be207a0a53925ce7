import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

export type CopyValue = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

/**
 * Streams `rows` into `table` with `COPY … FROM STDIN` on the connection of the caller's transaction (so a staging
 * table of that transaction sees them, and they roll back with it): one round trip for any number of rows,
 * without a parameter per value. `table` and `columns` are the caller's constants, never input.
 */
export async function copyRows(manager: EntityManager, table: string, columns: readonly string[], rows: readonly CopyValue[][]): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`copyRows into ${table} needs the caller's transaction`);
  const client = (await runner.connect()) as PoolClient;
  const body = rows.map((row) => row.map(copyText).join('\t')).join('\n');
  await pipeline(
    Readable.from([Buffer.from(rows.length ? `${body}\n` : '', 'utf8')]),
    client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
  );
}
