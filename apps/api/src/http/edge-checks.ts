import { FieldError } from '@app/domain';

/** A calendar day (optionally with a time) as a client writes it: 2026-02-28, 2026-02-28T08:00:00Z. */
const DATE_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** What is wrong with one string a client sent, if anything: a NUL character, or a day no calendar has. */
function checkString(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  const date = DATE_LIKE.exec(value);
  if (date && !isRealDay(Number(date[1]), Number(date[2]), Number(date[3]))) return `${value.slice(0, 10)} is not a real date`;
  return null;
}

/**
 * Walks every string of a path parameter, query or body (keys included) and names each field that holds a NUL
 * character or an impossible date, so neither reaches PostgreSQL (where they would be errors, not answers).
 */
export function findBadStrings(value: unknown, field: string, out: FieldError[] = [], depth = 0): FieldError[] {
  if (depth > 32 || out.length >= 20) return out;
  if (typeof value === 'string') {
    const problem = checkString(value);
    if (problem) out.push({ field, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findBadStrings(item, `${field}[${i}]`, out, depth + 1));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const name = field ? `${field}.${key}` : key;
      if (key.includes('\u0000')) out.push({ field: name.split('\u0000').join('\\0'), message: 'must not contain a NUL character' });
      findBadStrings(item, name, out, depth + 1);
    }
  }
  return out;
}
