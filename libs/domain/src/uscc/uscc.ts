/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character set
 * (no I, O, S, V, Z): registration authority (1), organisation type (1), administrative division (6),
 * organisation code (9), check character (1).
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Each character's value by its char code (-1: not in the charset); a lookup instead of a search, per character. */
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) VALUES[USCC_CHARSET.charCodeAt(i)] = i;

function valueOf(char: string): number {
  const code = char.charCodeAt(0);
  return char.length === 1 && code < 128 ? VALUES[code] : -1;
}

/** The check character over the first 17 characters (all already in the charset). */
function checkChar(prefix17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += valueOf(prefix17[i]) * WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** Why a code is not a valid USCC, or null when it is. */
export function usccError(code: unknown): string | null {
  if (typeof code !== 'string') return 'must be a string of 18 characters';
  if (code.length !== 18) return `must be 18 characters, got ${code.length}`;
  for (let i = 0; i < 18; i++) {
    if (valueOf(code[i]) < 0) {
      return `character ${i + 1} '${code[i]}' is not allowed (digits and capital letters except I, O, S, V, Z)`;
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'characters 3–8 must be the 6-digit administrative division code';
  const expected = checkChar(code.slice(0, 17));
  if (code[17] !== expected) return `check character should be '${expected}', got '${code[17]}'`;
  return null;
}

export function isValidUscc(code: unknown): code is string {
  return usccError(code) === null;
}

/** Appends the right check character: for tests and seed data. */
export function makeUscc(prefix17: string): string {
  if (prefix17.length !== 17 || [...prefix17].some((c) => valueOf(c) < 0)) {
    throw new RangeError(`a USCC prefix is 17 characters from ${USCC_CHARSET}, got '${prefix17}'`);
  }
  const code = prefix17 + checkChar(prefix17);
  const error = usccError(code);
  if (error) throw new RangeError(error);
  return code;
}

/** The administrative division code inside a valid USCC (e.g. 350100 for Fuzhou). */
export function usccRegionCode(code: string): string {
  const error = usccError(code);
  if (error) throw new RangeError(`not a valid USCC: ${error}`);
  return code.slice(2, 8);
}
