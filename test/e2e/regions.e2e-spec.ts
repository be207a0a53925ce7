import { ALL_QUEUES } from '@app/contracts';
import { makeUscc } from '@app/domain';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 8 item 5, end to end: regions are reference data (Fuzhou's 13 county-level divisions by GB/T 2260
 * code, from a JSON file seeded into a table); registration and 免申即享 imports refuse any other code naming
 * `regionCode`; a case whose district has nobody to take its task raises an in-app alarm to administrators.
 */
describe('regions are reference data', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'regions', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it("lists Fuzhou's 13 county-level divisions by their GB/T 2260 codes", async () => {
    const res = await api().get('/api/v1/regions').expect(200);
    expect(res.body.map((r: { code: string }) => r.code)).toEqual([
      '350102', '350103', '350104', '350105', '350111', '350112', '350121', '350122', '350123', '350124', '350125', '350128', '350181',
    ]);
    expect(res.body).toContainEqual(expect.objectContaining({ code: '350128', nameZh: '平潭县', note: '平潭综合实验区' }));
    expect(res.body).toContainEqual(expect.objectContaining({ code: '350181', nameZh: '福清市' }));
  });

  it('refuses a registration in an unknown region with a 400 naming regionCode', async () => {
    const registration = (regionCode: string) => ({
      creditCode: makeUscc(`91350181MA${digits(7)}`), name: '福清测试科技有限公司', regionCode, scale: 'below', password: 'a-long-password',
    });
    for (const code of ['999999', '350199', '350100']) {
      const res = await api().post('/api/v1/enterprises/register').send(registration(code)).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'regionCode' })]);
    }
    const before: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM enterprises');
    await api().post('/api/v1/enterprises/register').send(registration('350181')).expect(201);
    const after: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM enterprises');
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
  });

  it('reports an imported row whose region is unknown by its line and regionCode, and opens no case for it', async () => {
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const good = makeUscc(`91350111MA${digits(7)}`);
    const unknown = makeUscc(`91350199MA${digits(7)}`);
    const csv = ['creditCode,name,isTechEnterprise,rdExpenseFen,rdExpensePrevFen', `${good},,true,500000000,300000000`,
      `${unknown},,true,500000000,300000000`].join('\n');
    const created = await api().post('/api/v1/offers/imports?program=rd-subsidy&year=2025').set('Authorization', admin)
      .set('Content-Type', 'text/csv').send(csv).expect(201);
    await sys.waitForIdle();
    const done = await waitFor(async () => {
      const res = await api().get(`/api/v1/offers/imports/${created.body.id}`).set('Authorization', admin).expect(200);
      return res.body.status === 'done' ? res.body : null;
    }, 'the import');
    expect(done).toMatchObject({ created: 1, bad: 1 });
    const errors = await api().get(`/api/v1/offers/imports/${created.body.id}/errors`).set('Authorization', admin).expect(200);
    expect(errors.body).toEqual([expect.objectContaining({ line: 3, field: 'regionCode' })]);
    const stray: unknown[] = await sys.dataSource.query('SELECT 1 FROM enterprises WHERE credit_code = $1', [unknown]);
    expect(stray).toHaveLength(0);
  });

  it('tells the administrators when a case lands in a district with nobody to take its task', async () => {
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const asAdmin = await login(server, admin.username);
    await createStaff(sys.dataSource, ['district_reviewer'], '350112');
    const inbox = async () =>
      (await api().get('/api/v1/notifications').set('Authorization', asAdmin).expect(200)).body as { applicationId: string; kind: string; message: string }[];

    const apply = async (region: string) => {
      const enterprise = await createEnterprise(sys.dataSource, { regionCode: region });
      const asE = await login(server, enterprise.username);
      const res = await api().post('/api/v1/applications').set('Authorization', asE)
        .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false } }).expect(201);
      return res.body.id as string;
    };
    const unstaffed = await apply('350128');
    const staffed = await apply('350112');
    await sys.waitForIdle();
    const alarm = await waitFor(async () => (await inbox()).find((n) => n.applicationId === unstaffed && n.kind === 'routing.unstaffed'),
      'the alarm to the administrators');
    expect(alarm.message).toContain('平潭县');
    expect(alarm.message).toContain('district_reviewer');
    expect((await inbox()).filter((n) => n.applicationId === staffed && n.kind === 'routing.unstaffed')).toHaveLength(0);
  });
});
