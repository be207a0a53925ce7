import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import { handInMaterials } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

interface Message {
  applicationId: string | null;
  kind: string;
  message: string;
}

/**
 * The reviewers' side of the in-app inbox, end to end: a new task reaches exactly the reviewers who may take
 * it (role, district or city-wide, no declared conflict, not barred by four eyes), and a concluded case
 * reaches the reviewers who decided a step of it.
 */
describe('the reviewers’ inbox', () => {
  let sys: TestSystem;
  let server: unknown;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'inbox', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);
  const inbox = async (auth: string, applicationId: string): Promise<Message[]> =>
    ((await api().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as Message[]).filter(
      (m) => m.applicationId === applicationId,
    );
  const kinds = async (auth: string, applicationId: string) => (await inbox(auth, applicationId)).map((m) => m.kind).sort();

  const taskFor = (auth: string, applicationId: string, stage: string) => waitForTask(server, auth, applicationId, stage);

  it('tells each new task to its eligible reviewers only, and the deciders how the case ended', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const districtA = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const conflicted = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    await sys.dataSource.query('UPDATE accounts SET conflict_enterprise_ids = $2 WHERE id = $1', [conflicted.accountId, [enterprise.enterpriseId]]);
    const otherDistrict = await createStaff(sys.dataSource, ['district_reviewer'], '350103');
    const cityWide = await createStaff(sys.dataSource, ['district_reviewer'], null);
    const city = await createStaff(sys.dataSource, ['city_reviewer']);
    const [asE, asA, asConflicted, asOther, asCityWide, asCity] = await Promise.all(
      [enterprise, districtA, conflicted, otherDistrict, cityWide, city].map((who) => login(server, who.username)),
    );

    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    const id: string = created.body.id;

    // 受理: for the district's reviewers and the city-wide one; not the conflicted one, another district or the city.
    await waitFor(async () => (await kinds(asA, id)).includes('task.created'), 'the acceptance task message for A');
    await waitFor(async () => (await kinds(asCityWide, id)).includes('task.created'), 'the acceptance task message city-wide');
    const acceptance = await taskFor(asA, id, 'acceptance');
    await handInMaterials(sys.dataSource, id);
    await api().post(`/api/v1/tasks/${acceptance.id}/decision`).set('Authorization', asA)
      .send({ version: acceptance.version, decision: 'approve', reason: '受理' }).expect(200);
    // The decision's transition wrote its messages in its own transaction: they are there when it answers, and
    // with no webhook endpoint registered no transition of the case owed the notifier a job.
    expect(await kinds(asE, id)).toContain('case.formal_review');
    expect(await kinds(asCityWide, id)).toEqual(['task.created', 'task.created']);
    const [{ jobs }]: { jobs: number }[] = await sys.dataSource.query(
      `SELECT count(*)::int AS jobs FROM outbox o JOIN transitions t ON t.id::text = o.payload->>'transitionId'
        WHERE o.job_name = 'notify-transition' AND t.application_id = $1`, [id]);
    expect(jobs).toBe(0);

    // 初审: A decided the previous stage (four eyes), so only the city-wide district reviewer hears of it.
    await waitFor(async () => (await kinds(asCityWide, id)).filter((k) => k === 'task.created').length === 2, 'the formal-review message');
    const formal = await taskFor(asCityWide, id, 'formal_review');
    await api().post(`/api/v1/tasks/${formal.id}/decision`).set('Authorization', asCityWide)
      .send({ version: formal.version, decision: 'approve', reason: '初审通过' }).expect(200);

    await waitFor(async () => (await kinds(asCity, id)).includes('task.created'), 'the recheck message for the city');
    const recheck = await taskFor(asCity, id, 'recheck');
    await api().post(`/api/v1/tasks/${recheck.id}/decision`).set('Authorization', asCity)
      .send({ version: recheck.version, decision: 'refuse', reason: '不符合申报条件' }).expect(200);

    await waitFor(async () => (await kinds(asA, id)).includes('decided.refused'), 'the outcome message for A');
    await waitFor(async () => (await kinds(asCityWide, id)).includes('decided.refused'), 'the outcome message city-wide');
    await waitFor(async () => (await kinds(asE, id)).includes('case.refused'), 'the enterprise’s refusal message');
    await sys.waitForIdle();

    expect(await kinds(asA, id)).toEqual(['decided.refused', 'task.created']);
    expect(await kinds(asCityWide, id)).toEqual(['decided.refused', 'task.created', 'task.created']);
    // The one who refused needs no message about it.
    expect(await kinds(asCity, id)).toEqual(['task.created']);
    expect(await kinds(asConflicted, id)).toEqual([]);
    expect(await kinds(asOther, id)).toEqual([]);
    expect((await inbox(asA, id)).find((m) => m.kind === 'task.created')?.message).toMatch(/受理/);
    expect(await kinds(asE, id)).toEqual(
      ['case.acceptance', 'case.formal_review', 'case.recheck', 'case.refused', 'case.submitted'],
    );
  });
});
