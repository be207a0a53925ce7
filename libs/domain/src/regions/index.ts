import fuzhou from './fuzhou-regions.json';

/** A county-level administrative division of the bureau's area (GB/T 2260). */
export interface Region {
  code: string;
  nameZh: string;
  kind: string;
  note?: string;
}

/**
 * The bureau's regions, shipped as data (`fuzhou-regions.json`) and seeded into the `regions` table, which is
 * what registration, imports and routing check against. Checked when loaded: six digits, no code twice.
 */
export const BUILTIN_REGIONS: readonly Region[] = Object.freeze(
  fuzhou.regions.map((r: Region) => {
    if (!/^\d{6}$/.test(r.code) || !r.nameZh) throw new Error(`fuzhou-regions.json: bad region ${JSON.stringify(r)}`);
    return Object.freeze({ ...r });
  }),
);
if (new Set(BUILTIN_REGIONS.map((r) => r.code)).size !== BUILTIN_REGIONS.length) {
  throw new Error('fuzhou-regions.json: a region code appears twice');
}
