/**
 * Money is an integer number of fen (分). 1 yuan = 100 fen, 1万 = 1,000,000 fen. Rates are integer basis
 * points (1 bp = 0.01%), so every calculation is exact: products go through BigInt, because an amount of a
 * few billion yuan times 10,000 bp no longer fits in a double.
 */
export type Fen = number;

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000;
export const BP_PER_UNIT = 10_000;

export function assertFen(value: number, what = 'amount'): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer number of fen, got ${value}`);
  }
}

export function assertBasisPoints(rateBp: number, what = 'rate'): void {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0) {
    throw new RangeError(`${what} must be a non-negative integer number of basis points, got ${rateBp}`);
  }
}

/** 万元 → fen; only for whole or decimal 万 amounts that land on a whole fen (data, tests). */
export function wanToFen(wan: number): Fen {
  const fen = Math.round(wan * FEN_PER_WAN);
  if (Math.abs(fen - wan * FEN_PER_WAN) > 1e-6) throw new RangeError(`${wan}万 is not a whole number of fen`);
  assertFen(fen);
  return fen;
}

/** `rateBp` basis points of `amountFen`, rounded down to the fen. */
export function percentOf(amountFen: Fen, rateBp: number): Fen {
  assertFen(amountFen);
  assertBasisPoints(rateBp);
  return Number((BigInt(amountFen) * BigInt(rateBp)) / BigInt(BP_PER_UNIT));
}

/** Whether a / b > rateBp, computed exactly (b = 0 → false: no ratio exceeds anything). */
export function ratioExceeds(numeratorFen: Fen, denominatorFen: Fen, rateBp: number): boolean {
  assertFen(numeratorFen);
  assertFen(denominatorFen);
  assertBasisPoints(rateBp);
  if (denominatorFen === 0) return false;
  return BigInt(numeratorFen) * BigInt(BP_PER_UNIT) > BigInt(denominatorFen) * BigInt(rateBp);
}

/** Formats fen as yuan to the fen for people's messages, e.g. 285714 → "2857.14元" (integer arithmetic: exact). */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / FEN_PER_YUAN)}.${(abs % FEN_PER_YUAN).toString().padStart(2, '0')}元`;
}

/** Formats fen as 万 for traces, e.g. 70000000 → "70万", 7500 → "0.0075万". */
export function formatWan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_WAN);
  // The six decimals of 万 without their trailing zeros (arithmetic, not a regular expression: traces call this a lot).
  let frac = abs % FEN_PER_WAN;
  if (frac === 0) return `${sign}${whole}万`;
  let digits = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  return `${sign}${whole}.${String(frac).padStart(digits, '0')}万`;
}
