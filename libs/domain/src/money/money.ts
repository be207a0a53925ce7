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

/**
 * `a * b` when the exact product of two non-negative safe integers is itself safe, else null. A double product of
 * at most 2^53 − 1 is exact (every integer up to 2^53 is a double), and a true product of 2^53 or more never
 * rounds below it, so the check alone tells exact from not.
 */
export function safeProduct(a: number, b: number): number | null {
  const product = a * b;
  return product <= Number.MAX_SAFE_INTEGER ? product : null;
}

/**
 * `floor(dividend / divisor)` of a non-negative safe integer by a positive one, exactly: the remainder (`%` is
 * exact on integers) taken off first, so the division is of an exact multiple and rounds nothing.
 */
export function floorDiv(dividend: number, divisor: number): number {
  return (dividend - (dividend % divisor)) / divisor;
}

/** `rateBp` basis points of `amountFen`, rounded down to the fen. */
export function percentOf(amountFen: Fen, rateBp: number): Fen {
  assertFen(amountFen);
  assertBasisPoints(rateBp);
  // Doubles when the product is exact in them (every amount a program pays): BigInt costs ~1 µs a call.
  const product = safeProduct(amountFen, rateBp);
  if (product !== null) return floorDiv(product, BP_PER_UNIT);
  return Number((BigInt(amountFen) * BigInt(rateBp)) / BigInt(BP_PER_UNIT));
}

/** Whether a / b > rateBp, computed exactly (b = 0 → false: no ratio exceeds anything). */
export function ratioExceeds(numeratorFen: Fen, denominatorFen: Fen, rateBp: number): boolean {
  assertFen(numeratorFen);
  assertFen(denominatorFen);
  assertBasisPoints(rateBp);
  if (denominatorFen === 0) return false;
  const left = safeProduct(numeratorFen, BP_PER_UNIT);
  const right = safeProduct(denominatorFen, rateBp);
  if (left !== null && right !== null) return left > right;
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
