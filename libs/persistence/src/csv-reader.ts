import { CsvRecord } from '@app/domain';
import { Options, parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

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

/**
 * csv-parse's error (its sync and stream builds each have their own class, so it is known by its code), its line
 * counted from the start of the file when the parser was given the file from line `firstLine` on.
 */
function readError(error: unknown, firstLine = 1): unknown {
  const parsed = error as { code?: unknown; lines?: unknown; message: string };
  if (!(error instanceof Error) || typeof parsed.code !== 'string' || typeof parsed.lines !== 'number') return error;
  const line = parsed.lines + firstLine - 1;
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

const LINE_END = /\r\n|\n|\r/;

/**
 * The records of a file arriving in chunks (split anywhere, even inside a character), in bounded memory.
 *
 * Until the first double quote, a record is a line and its fields are what lies between the commas — exactly what
 * csv-parse reads from such text (the spec compares the two on generated files) — so those lines are split here,
 * at a fraction of csv-parse's cost per record (offer files of credit codes, flags and amounts hold no quote). From the line holding
 * the first quote on, csv-parse reads the rest, its line numbers counted on from there.
 */
export async function* readCsv(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  const source = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  const decoder = new StringDecoder('utf8');
  const decode = (chunk: string | Buffer) => (typeof chunk === 'string' ? chunk : decoder.write(chunk));
  let pending = '';
  let line = 1;
  let start = true;
  let bom = '';
  let handedOver = false;
  try {
    for (;;) {
      const next = await source.next();
      pending += next.done ? decoder.end() : decode(next.value);
      if (start && pending.length > 0) {
        start = false;
        if (pending.charCodeAt(0) === 0xfeff) [bom, pending] = [pending[0], pending.slice(1)];
      }
      if (pending.includes('"')) {
        // From the first line: the whole file, BOM included, as csv-parse alone would have read it.
        handedOver = true;
        yield* parseRest(line === 1 ? bom + pending : pending, next.done ? null : source, decode, () => decoder.end(), line);
        return;
      }
      const lines = pending.split(LINE_END);
      // The last piece is the start of a line still to come, unless the file ends here. A '\r' ending the text may be
      // the first half of a '\r\n' split between two chunks, so its line waits for the next chunk too.
      let complete = lines.length - 1;
      if (!next.done && complete > 0 && pending.endsWith('\r')) complete--;
      for (let i = 0; i < complete; i++, line++) {
        const record = splitLine(lines[i], line);
        if (record) yield record;
      }
      if (next.done) {
        const record = splitLine(lines[complete], line);
        if (record) yield record;
        return;
      }
      pending = complete === lines.length - 1 ? lines[complete] : `${lines[complete]}\r`;
    }
  } finally {
    // The consumer may stop early: the source (a file read slice by slice) is closed, unless csv-parse took it over.
    if (!handedOver) await source.return?.();
  }
}

/** A line without quotes as csv-parse reads it: null when blank (empty, or one field of spaces). */
function splitLine(text: string, line: number): CsvRecord | null {
  if (text === '') return null;
  const fields = text.split(',');
  if (fields.length === 1 && fields[0].trim() === '') return null;
  return { line, fields };
}

/** csv-parse from `text` (which starts a record, on line `firstLine`) and the chunks still to come. */
async function* parseRest(
  text: string,
  source: AsyncIterator<string | Buffer> | Iterator<string | Buffer> | null,
  decode: (chunk: string | Buffer) => string,
  end: () => string,
  firstLine: number,
): AsyncGenerator<CsvRecord> {
  async function* rest(): AsyncGenerator<string> {
    try {
      yield text;
      if (!source) return;
      for (let next = await source.next(); !next.done; next = await source.next()) yield decode(next.value);
      yield end();
    } finally {
      await source?.return?.();
    }
  }
  // A BOM is dropped at the start of the file only: on from a later line, one is text.
  const parser = parseStream(firstLine === 1 ? OPTIONS : { ...OPTIONS, bom: false });
  // Errors of the source or the parser surface through the iteration below; the consumer may stop early.
  pipeline(Readable.from(rest(), { objectMode: false }), parser).catch(() => undefined);
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      const record = toRecord(parsed);
      if (record) yield firstLine === 1 ? record : { line: record.line + firstLine - 1, fields: record.fields };
    }
  } catch (error) {
    throw readError(error, firstLine);
  } finally {
    parser.destroy();
  }
}
