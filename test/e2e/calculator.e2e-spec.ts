import { startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { runCli } from '../../apps/cli/run-cli';

/** "What could I get?" without an account: the same answer, byte for byte, as the CLI contract. */
describe('the public calculator', () => {
  let sys: TestSystem;
  let server: unknown;

  beforeAll(async () => {
    // Rate limits stay on here: one test is about them.
    sys = await startTestSystem({ label: 'calculator', modules: [ApiModule], consume: [], relay: false, env: { RATE_LIMITS: 'true' } });
    server = sys.http.getHttpServer();
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);
  const calc = (input: unknown) => api().post('/api/v1/calculator').send(input as object);
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);

  const CASES = [
    { program: 'rd-subsidy', year: 2019, facts: { scale: 'above', isHighTech: false, rdExpenseFen: 3_000_000_000, blacklisted: false } },
    { program: 'rd-subsidy', year: 2019, facts: { scale: 'below', isHighTech: true, rdExpenseFen: 8_000_000_000, rdExpensePrevFen: 6_000_000_000,
      outputValueFen: 9_000_000_000, taxPaidFen: 2_000_000_000, revenueFen: 60_000_000_000, blacklisted: false } },
    { program: 'rd-subsidy', year: 2025, facts: { isTechEnterprise: true, rdExpenseFen: 1_100_000_000, rdExpensePrevFen: 800_000_000 } },
    { program: 'innovation-voucher', year: 2019, facts: { isTechSme: false, isMaker: true, regionCode: '350128', serviceFeesFen: 9_000_000 } },
    { program: 'innovation-voucher', year: 2024, facts: { isTechSme: true, regionCode: '350102', serviceFeesFen: 60_000_000, grantedThisYearFen: 5_000_000 } },
    { program: 'high-tech-reward', year: 2019, facts: { recognition: 'first', scale: 'above', inHighTechZone: true, certificateNo: 'GR201935000123',
      certificateIssuedOn: '2019-12-02', regionCode: '350111', blacklisted: false } },
    // Refused on several rules at once (一次性告知).
    { program: 'innovation-voucher', year: 2024, facts: { isTechSme: false, regionCode: '350203', serviceFeesFen: 1_500_000, relatedParty: true, blacklisted: true } },
  ];

  it('answers exactly what the CLI answers, for every program and version', async () => {
    for (const input of CASES) {
      const cli = runCli(['calc'], JSON.stringify(input));
      expect({ exitCode: cli.exitCode, stderr: cli.stderr }).toEqual({ exitCode: 0, stderr: '' });
      const res = await calc(input).expect(200);
      expect(res.text).toBe(cli.stdout.trimEnd());
    }
  });

  it('lists every failed rule of a refusal, with nothing to pay', async () => {
    const res = await calc(CASES[CASES.length - 1]).expect(200);
    expect(res.body).toMatchObject({ eligible: false, amountFen: 0, split: {}, version: '2024' });
    const failed = (res.body.trace as { rule: string; passed: boolean }[]).filter((t) => !t.passed);
    expect(failed.length).toBeGreaterThanOrEqual(3);
  });

  it('names each bad field in a 400', async () => {
    const cases: [unknown, string[]][] = [
      [{ program: 'grants', year: 2019, facts: {} }, ['program']],
      [{ year: 2019, facts: {} }, ['program']],
      [{ program: 'rd-subsidy', year: '2019', facts: {} }, ['year']],
      [{ program: 'rd-subsidy', year: 1999, facts: {} }, ['year']],
      [{ program: 'rd-subsidy', year: 2019 }, ['facts']],
      [{ program: 'rd-subsidy', year: 2019, facts: [] }, ['facts']],
      [{ program: 'rd-subsidy', year: 2019, facts: { scale: 'above', rdExpenseFen: -1 } }, ['facts.rdExpenseFen']],
      [{ program: 'rd-subsidy', year: 2019, facts: { scale: 'huge' } }, ['facts.scale', 'facts.rdExpenseFen']],
      [{ program: 'high-tech-reward', year: 2019, facts: { recognition: 'first', scale: 'above', certificateNo: 'x', certificateIssuedOn: '2019-02-30' } },
        ['facts.certificateIssuedOn']],
      [{ program: 'rd-subsidy', year: 2019, facts: {}, extra: 1 }, ['extra']],
    ];
    for (const [input, fields] of cases) {
      const res = await calc(input).expect(400);
      expect({ input, fields: fieldsOf(res.body) }).toEqual({ input, fields: expect.arrayContaining(fields) });
    }
  });

  it('is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await calc(CASES[0])).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
  });
});
