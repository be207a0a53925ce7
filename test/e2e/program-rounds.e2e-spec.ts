import { BUILTIN_PROGRAM_VERSIONS, ProgramVersion } from '@app/domain';
import { createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * Rounds that are not open take no applications (a fiscal year that has not begun, a round whose budget was
 * closed), and a program version whose 公示 is shorter than the bureau's floor or whose review stages have no
 * working-day limit is refused before it can judge a case.
 */
describe('open rounds and program version rules', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  let asAdmin: string;
  const builtin = (program: string, version: string): ProgramVersion =>
    JSON.parse(JSON.stringify(BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === program && v.version === version))) as ProgramVersion;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'program_rounds', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
  });
  afterAll(async () => sys?.stop());

  it('refuses an application for a fiscal year that has not begun, or for a closed round (422 with the reason)', async () => {
    const auth = await login(server, (await createEnterprise(sys.dataSource)).username);
    const apply = (year: number) => api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'innovation-voucher', year, facts: { serviceFeesFen: 4_000_000, relatedParty: false } });
    const thisYear = Number(sys.time.today().slice(0, 4));
    const future = await apply(thisYear + 1).expect(422);
    expect(future.body.fields).toEqual([{ field: 'year', message: expect.stringContaining(`${thisYear + 1}`) }]);
    expect(future.body.message).toContain('not begun');

    const pool = await createBudgetPool(sys.dataSource, 'innovation-voucher', 2023, 100_000_000);
    await api().post(`/api/v1/budget-pools/${pool}/close`).set('Authorization', asAdmin).expect(200);
    const closed = await apply(2023).expect(422);
    expect(closed.body.fields).toEqual([{ field: 'year', message: expect.stringContaining('closed') }]);
    const [{ n }]: { n: string }[] = await sys.dataSource.query("SELECT count(*) AS n FROM applications WHERE program_code = 'innovation-voucher'");
    expect(Number(n)).toBe(0);
    await apply(2024).expect(201);
  });

  it('refuses a version whose 公示 is shorter than 5 days, or whose review stage has no working-day limit (400 naming the field)', async () => {
    const short = builtin('innovation-voucher', '2024');
    short.version = '2029-short';
    short.years = { from: 2029, to: null };
    const notice = short.stages.findIndex((s) => s.code === 'public_notice');
    short.stages[notice].limitDays = 4;
    const res = await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin).send(short).expect(400);
    expect(res.body.fields).toEqual([{ field: `stages[${notice}].limitDays`, message: expect.stringContaining('5') }]);

    const open = builtin('innovation-voucher', '2024');
    open.version = '2029-open';
    open.years = { from: 2029, to: null };
    const recheck = open.stages.findIndex((s) => s.code === 'recheck');
    open.stages[recheck].limitDays = null;
    const res2 = await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin).send(open).expect(400);
    expect(res2.body.fields).toEqual([{ field: `stages[${recheck}].limitDays`, message: expect.stringContaining('working-day limit') }]);
    const stored: unknown[] = await sys.dataSource.query("SELECT 1 FROM program_versions WHERE version LIKE '2029%'");
    expect(stored).toHaveLength(0);
  });
});
