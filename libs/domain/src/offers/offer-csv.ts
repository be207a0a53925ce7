import { FactType, PROGRAM_FACTS, ProgramCode } from '../programs';
import { usccError } from '../uscc';
import { FieldError } from '../workflow';

/** One CSV record and the physical line it starts on (1 = the header); read by `@app/persistence`'s csv-parse reader. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export const CREDIT_CODE_COLUMN = 'creditCode';
/** Optional: the enterprise's name, used only when the import creates the enterprise. */
export const NAME_COLUMN = 'name';

/** The columns of an offer file: the credit code, the program's facts, and optionally the name. */
export interface OfferColumns {
  names: string[];
  creditCode: number;
  name: number | null;
  facts: { index: number; fact: string; type: FactType }[];
}

/** Reads the header; every problem names the column at fault. */
export function offerColumns(program: ProgramCode, header: string[]): { columns: OfferColumns | null; errors: FieldError[] } {
  const known = PROGRAM_FACTS[program];
  const names = header.map((h) => h.trim());
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name)) errors.push({ field: name || `column ${i + 1}`, message: 'appears twice in the header' });
    seen.add(name);
    if (name !== CREDIT_CODE_COLUMN && name !== NAME_COLUMN && !(name in known)) {
      errors.push({
        field: name || `column ${i + 1}`,
        message: `is not a fact of ${program} (expected ${CREDIT_CODE_COLUMN}, ${NAME_COLUMN} or one of ${Object.keys(known).join(', ')})`,
      });
    }
  });
  if (!names.includes(CREDIT_CODE_COLUMN)) errors.push({ field: CREDIT_CODE_COLUMN, message: 'is a required column' });
  if (errors.length) return { columns: null, errors };
  return {
    columns: {
      names,
      creditCode: names.indexOf(CREDIT_CODE_COLUMN),
      name: names.includes(NAME_COLUMN) ? names.indexOf(NAME_COLUMN) : null,
      facts: names
        .map((fact, index) => ({ index, fact, type: known[fact] }))
        .filter((c) => c.type !== undefined),
    },
    errors: [],
  };
}

const TRUE = new Set(['true', '1', 'yes', '是']);
const FALSE = new Set(['false', '0', 'no', '否']);
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A cell as the fact's type; a cell that cannot be read is passed on as text for `validateFacts` to name. */
function cellValue(type: FactType, cell: string): unknown {
  switch (type) {
    case 'boolean':
      return TRUE.has(cell.toLowerCase()) ? true : FALSE.has(cell.toLowerCase()) ? false : cell;
    case 'fen':
      return NUMBER.test(cell) ? Number(cell) : cell;
    default:
      return cell;
  }
}

export interface OfferRow {
  line: number;
  creditCode: string;
  name: string | null;
  facts: Record<string, unknown>;
}

/** A record as credit code and typed facts (empty cells are not given), or the problems of its shape. */
export function offerRow(columns: OfferColumns, record: CsvRecord): { row: OfferRow | null; errors: FieldError[] } {
  if (record.fields.length !== columns.names.length) {
    return {
      row: null,
      errors: [{ field: 'line', message: `has ${record.fields.length} fields, the header has ${columns.names.length}` }],
    };
  }
  const creditCode = record.fields[columns.creditCode].trim();
  const codeError = usccError(creditCode);
  const errors: FieldError[] = codeError ? [{ field: CREDIT_CODE_COLUMN, message: codeError }] : [];
  const facts: Record<string, unknown> = {};
  for (const column of columns.facts) {
    const cell = record.fields[column.index].trim();
    if (cell !== '') facts[column.fact] = cellValue(column.type, cell);
  }
  const name = columns.name === null ? '' : record.fields[columns.name].trim();
  return { row: { line: record.line, creditCode, name: name || null, facts }, errors };
}
