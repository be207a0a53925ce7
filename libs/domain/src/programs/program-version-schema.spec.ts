import { z } from 'zod';
import { DomainError } from '../workflow/domain-error';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { parseProgramVersion } from './parse-program-version';
import { PROGRAM_VERSION_FIELDS, PROGRAM_VERSION_SCHEMA } from './program-version-schema';

const copy = () => JSON.parse(JSON.stringify(BUILTIN_PROGRAM_VERSIONS[2])) as Record<string, unknown>;
const errorsOf = (v: unknown): string[] => {
  try {
    parseProgramVersion(v);
    return [];
  } catch (e) {
    return (e as DomainError).fields.map((f) => `${f.field}: ${f.message}`);
  }
};

describe('the program version schema', () => {
  it('is where the OpenAPI schema comes from: every field, its enums and bounds', () => {
    const json = z.toJSONSchema(PROGRAM_VERSION_SCHEMA, { target: 'openapi-3.0', io: 'input' }) as {
      properties: Record<string, { type?: string; minimum?: number; properties?: Record<string, unknown> }>;
      required: string[];
    };
    expect(Object.keys(json.properties)).toEqual(PROGRAM_VERSION_FIELDS);
    expect(json.required).toEqual(PROGRAM_VERSION_FIELDS.filter((f) => !['materialNamesEn', 'escalation', 'yellow'].includes(f)));
    expect(json.properties.promisedLimitDays).toMatchObject({ type: 'integer', minimum: 1 });
    expect(Object.keys(json.properties.yellow.properties ?? {})).toEqual(['divisor', 'minDays']);
  });

  it('runs the rules between fields even when a field is a fraction (zod would abort on z.int())', () => {
    const v = copy();
    v.directorThresholdFen = 0.5;
    v.promisedLimitDays = (v.statutoryLimitDays as number) + 1;
    expect(errorsOf(v)).toEqual(['promisedLimitDays: 承诺时限 must not exceed 法定时限', 'directorThresholdFen: must be an integer ≥ 0']);
  });

  it('names a field of the wrong shape once, and never throws anything but the validation error', () => {
    for (const bad of ['', {}, 0, null]) {
      const v = copy();
      v.stages = bad;
      v.requiredMaterials = bad;
      (v.calculator as { params: Record<string, unknown> }).params.bands = bad;
      (v as { escalation: unknown }).escalation = { stepDays: 5, chain: bad };
      const errors = errorsOf(v);
      expect(errors.map((e) => e.split(':')[0])).toEqual([
        'requiredMaterials',
        'stages',
        'calculator.params.bands',
        'escalation.chain',
      ]);
    }
  });

  it('keeps the messages that depend on a sibling: band edges rise, the last band is open, years.to follows years.from', () => {
    const v = copy();
    const params = (v.calculator as { params: { bands: { uptoFen: number | null }[] } }).params;
    params.bands[0].uptoFen = 2.5;
    params.bands[params.bands.length - 1].uptoFen = 10;
    v.years = { from: 2020, to: 2019 };
    expect(errorsOf(v)).toEqual([
      'years.to: must be an integer ≥ 2020 or null',
      'calculator.params.bands[0].uptoFen: must be an integer ≥ 1',
      `calculator.params.bands[${params.bands.length - 1}].uptoFen: the last band must be open (null)`,
    ]);
  });

  it('takes English names only for the kinds the version lists, each a non-empty text', () => {
    const v = copy();
    const [first] = v.requiredMaterials as string[];
    v.materialNamesEn = { [first]: 'Application form', 不存在的材料: 'Nothing', 其他补充材料: ' ' };
    expect(errorsOf(v)).toEqual([
      'materialNamesEn.其他补充材料: must be a non-empty string',
      'materialNamesEn.不存在的材料: names a kind that requiredMaterials and optionalMaterials do not list',
    ]);
    v.materialNamesEn = ['Application form'];
    expect(errorsOf(v)).toEqual(['materialNamesEn: must be an object of kinds and their English names']);
  });

  it('names every material kind and expert criterion of the shipped versions in English', () => {
    for (const version of BUILTIN_PROGRAM_VERSIONS) {
      const kinds = [...version.requiredMaterials, ...version.optionalMaterials];
      expect(Object.keys(version.materialNamesEn ?? {}).sort()).toEqual([...kinds].sort());
      // And every criterion of an expert panel.
      for (const criterion of version.expertPanel?.criteria ?? []) expect(criterion.nameEn).toEqual(expect.stringMatching(/^[A-Z]/));
    }
  });
});
