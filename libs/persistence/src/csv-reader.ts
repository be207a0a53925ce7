import { CsvRecord } from '@app/domain';
import { Options, parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * How the system reads CSV (offer files): RFC 4180 quoting by csv-parse, a BOM dropped, blank lines skipped
 * but counted, any of CRLF, LF or CR ending a record (spreadsheets and editors mix them), a stray quote inside
 * an unquoted field kept as text, and rows of any width (the offer reader names a row of the wrong width).
 */
const OPTIONS: Options = {
  bom: true,
  info: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

interface Parsed {
  record: string[];
  info: { lines: number };
}

/** A file that cannot be read as CSV, with the line an administrator sees in an editor. */
export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * csv-parse counts lines up to a record's end; an administrator looks for where it starts, so the line breaks
 * inside its quoted fields are taken off. A record of one blank field is a blank line.
 */
function toRecord({ record, info }: Parsed): CsvRecord | null {
  if (record.length === 1 && record[0].trim() === '') return null;
  const inside = record.reduce((n, field) => n + (field.match(LINE_BREAK)?.length ?? 0), 0);
  return { line: info.lines - inside, fields: record };
}

/** csv-parse's error (its sync and stream builds each have their own class, so it is known by its code). */
function readError(error: unknown): unknown {
  const parsed = error as { code?: unknown; lines?: unknown; message: string };
  if (!(error instanceof Error) || typeof parsed.code !== 'string' || typeof parsed.lines !== 'number') return error;
  const line = parsed.lines;
  const message = parsed.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed' : parsed.message;
  return new CsvReadError(line, message);
}

/** Every record of a whole text (the upload checks the file this way before storing it). */
export function csvRecords(text: string | Buffer): CsvRecord[] {
  try {
    return (parse(text, OPTIONS) as unknown as Parsed[]).map(toRecord).filter((r): r is CsvRecord => r !== null);
  } catch (error) {
    throw readError(error);
  }
}

/** The records of a file arriving in chunks (split anywhere, even inside a character), in bounded memory. */
export async function* readCsv(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  const parser = parseStream(OPTIONS);
  // Errors of the source or the parser surface through the iteration below; the consumer may stop early.
  pipeline(Readable.from(chunks, { objectMode: false }), parser).catch(() => undefined);
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      const record = toRecord(parsed);
      if (record) yield record;
    }
  } catch (error) {
    throw readError(error);
  } finally {
    parser.destroy();
  }
}
