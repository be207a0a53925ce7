import { ALL_QUEUES } from '@app/contracts';
import { CaseTransitions, findDuplicateClaim, ProgramCatalog, SYSTEM_ACTOR } from '@app/persistence';
import { createEnterprise, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Money never granted twice (docs/PROGRAMS.md): one voucher per service contract and one high-tech reward per
 * certificate, among the cases that still claim money — refused with a clear 409, also when two requests race.
 */
describe('duplicate claims', () => {
  let sys: TestSystem;
  let server: unknown;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'duplicates', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);
  const voucher = (contractNo: unknown) => ({
    program: 'innovation-voucher', year: 2024,
    facts: { serviceFeesFen: 4_000_000, relatedParty: false, isMaker: false, contractNo },
  });
  async function asNewEnterprise(): Promise<string> {
    return login(server, (await createEnterprise(sys.dataSource)).username);
  }

  it('subsidises a service contract once; a withdrawn case frees it again', async () => {
    const asA = await asNewEnterprise();
    const asB = await asNewEnterprise();
    const first = await api().post('/api/v1/applications').set('Authorization', asA).send(voucher('HT-2024-0001')).expect(201);
    const second = await api().post('/api/v1/applications').set('Authorization', asB).send(voucher('HT-2024-0001')).expect(409);
    expect(second.body.message).toBe('the service contract HT-2024-0001 is subsidised by another voucher already');
    await api().post('/api/v1/applications').set('Authorization', await asNewEnterprise()).send(voucher('HT-2024-0002')).expect(201);
    // No contract number, no contract rule: two such cases are fine.
    await api().post('/api/v1/applications').set('Authorization', await asNewEnterprise()).send(voucher(undefined)).expect(201);
    await api().post('/api/v1/applications').set('Authorization', await asNewEnterprise()).send(voucher(undefined)).expect(201);
    const bad = await api().post('/api/v1/applications').set('Authorization', await asNewEnterprise()).send(voucher(42)).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('facts.contractNo');

    const mine = await api().get(`/api/v1/applications/${first.body.id}`).set('Authorization', asA).expect(200);
    await api().post(`/api/v1/applications/${first.body.id}/withdraw`).set('Authorization', asA)
      .send({ version: mine.body.version, reason: '合同作废' }).expect(200);
    await api().post('/api/v1/applications').set('Authorization', asB).send(voucher('HT-2024-0001')).expect(201);
  });

  it('lets one of ten racing applications for the same contract through; the unique index answers the rest with 409', async () => {
    const auths = await Promise.all(Array.from({ length: 10 }, asNewEnterprise));
    const results = await Promise.all(
      auths.map((auth) => api().post('/api/v1/applications').set('Authorization', auth).send(voucher('HT-2024-RACE'))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.message).toBe('the service contract HT-2024-RACE is subsidised by another voucher already');
    }
    const [{ n }]: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM applications WHERE facts->>'contractNo' = 'HT-2024-RACE'`,
    );
    expect(Number(n)).toBe(1);
  });

  it('rewards a high-tech certificate once, whichever enterprise the second case names', async () => {
    const version = await sys.http.get(ProgramCatalog).forYear('high-tech-reward', 2024);
    const transitions = sys.http.get(CaseTransitions);
    const facts = { recognition: 'first', scale: 'above', certificateNo: 'GR202435000123', certificateIssuedOn: '2024-12-01' };
    // The way a 免申即享 import opens its offers.
    const offer = async (enterpriseId: string) =>
      sys.dataSource.transaction((manager) =>
        transitions.open(manager, {
          enterpriseId, enterpriseName: 'test enterprise', programCode: 'high-tech-reward', programVersionId: version.id, year: 2024, facts,
          status: 'awaiting_confirmation', actor: SYSTEM_ACTOR,
        }),
      );
    const first = await offer((await createEnterprise(sys.dataSource)).enterpriseId);
    const other = (await createEnterprise(sys.dataSource)).enterpriseId;
    await expect(offer(other)).rejects.toMatchObject({
      code: 'conflict',
      message: 'the high-tech enterprise certificate GR202435000123 has been rewarded already (one reward per certificate)',
    });

    // What screening asks: another case holds the certificate — but not the case being judged itself.
    const manager = sys.dataSource.manager;
    const rd = await sys.http.get(ProgramCatalog).forYear('rd-subsidy', 2024);
    expect(await findDuplicateClaim(manager, version.definition, facts, first.applicationId)).toBeNull();
    expect(await findDuplicateClaim(manager, version.definition, facts)).toMatchObject({ code: 'conflict' });
    expect(await findDuplicateClaim(manager, rd.definition, facts)).toBeNull();

    // Declined offers claim nothing: the certificate is free again.
    await sys.dataSource.query(`UPDATE applications SET status = 'declined' WHERE id = $1`, [first.applicationId]);
    expect(await findDuplicateClaim(manager, version.definition, facts)).toBeNull();
    await offer(other);
  });
});
