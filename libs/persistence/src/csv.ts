import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would read as a formula (or a formula hidden behind a tab or carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** UTF-8 byte order mark: Excel reads the file as UTF-8 (Chinese names) only when it starts with one. */
export const CSV_BOM = '\uFEFF';

/** One cell, safe to open in a spreadsheet: a leading = + - @ tab or CR is defused with a leading apostrophe. */
export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The one CSV writer of the system (payment files, SLA exports): RFC 4180 quoting by csv-stringify, CRLF line
 * ends, a UTF-8 BOM, and every cell neutralised against formula injection (CWE-1236).
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const records = [header, ...rows].map((row) => row.map(neutraliseCell));
  // csv-stringify quotes only the CRLF it writes; a lone LF or CR in a cell would end the row in a reader.
  return CSV_BOM + stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
