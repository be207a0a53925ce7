import { ALL_QUEUES } from '@app/contracts';
import { BUILTIN_PROGRAM_VERSIONS } from '@app/domain';
import { CalendarService } from '@app/persistence';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 8 item 14, end to end: the escalation chain is data — its posts and step from the program version,
 * who holds each post from a table an administrator sets — and an overdue clock climbs it one level every N
 * working days, each level reaching its holders, appearing in the case's history and on the SLA dashboard.
 */
describe('the escalation chain: section head → deputy director → director', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'escalation', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  const staff = async (roles: Parameters<typeof createStaff>[1], region: string | null = null) => {
    const s = await createStaff(sys.dataSource, roles, region);
    return { ...s, auth: await login(server, s.username) };
  };

  it('escalates an overdue stage one level every N working days (N from the version), to each post’s holders', async () => {
    // This version escalates every 2 working days (data, as an administrator would publish it), not the default 5.
    await sys.dataSource.query(
      `UPDATE program_versions SET definition = jsonb_set(definition, '{escalation,stepDays}', '2')
        WHERE program_code = 'innovation-voucher' AND version = '2024'`,
    );
    const admin = await staff(['administrator']);
    const [sectionHead, deputy, chief, bystander] = [await staff(['director']), await staff(['director']), await staff(['director']), await staff(['director'])];
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350103' });
    const asE = await login(server, enterprise.username);

    const put = (auth: string, level: number | string, accountIds: string[]) =>
      api().put(`/api/v1/escalation-chain/innovation-voucher/levels/${level}`).set('Authorization', auth).send({ accountIds, reason: '局党组分工' });
    await put(sectionHead.auth, 1, [sectionHead.accountId]).expect(403);
    expect((await put(admin.auth, 4, [sectionHead.accountId]).expect(400)).body.fields[0].field).toBe('level');
    expect((await put(admin.auth, 1, [enterprise.accountId]).expect(400)).body.fields[0].field).toBe('accountIds');
    await put(admin.auth, 1, [sectionHead.accountId]).expect(200);
    await put(admin.auth, 2, [deputy.accountId]).expect(200);
    const chain = await put(admin.auth, 3, [chief.accountId]).expect(200);
    expect(chain.body).toMatchObject({
      program: 'innovation-voucher', stepDays: 2,
      levels: [
        { level: 1, post: 'section_head', titleZh: '科长', holders: [expect.objectContaining({ accountId: sectionHead.accountId })] },
        { level: 2, post: 'deputy_director', titleZh: '分管副局长', holders: [expect.objectContaining({ accountId: deputy.accountId })] },
        { level: 3, post: 'director', titleZh: '局长', holders: [expect.objectContaining({ accountId: chief.accountId })] },
      ],
    });
    const listed = await api().get('/api/v1/escalation-chain').set('Authorization', bystander.auth).expect(200);
    expect(listed.body.map((c: { program: string }) => c.program)).toEqual(['innovation-voucher', 'rd-subsidy', 'high-tech-reward']);

    const reviewer = await staff(['district_reviewer'], '350103');
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    await waitForTask(server, reviewer.auth, id, 'acceptance');
    await sys.waitForIdle();
    const [task]: { due_on: string }[] = await sys.dataSource.query(
      `SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM review_tasks WHERE application_id = $1`, [id]);

    // Nobody decides the acceptance (2 working days): three weeks later it has climbed the whole chain.
    sys.travelDays(21);
    const levels = () => sys.dataSource.query(
      `SELECT level, to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM sla_alarms
        WHERE application_id = $1 AND clock = 'acceptance' AND level <> 'yellow' ORDER BY due_at`, [id],
    ) as Promise<{ level: string; day: string }[]>;
    await waitFor(async () => (await levels()).length === 3, 'the acceptance clock to reach level 3');
    const calendar = sys.running.app.get(CalendarService).calendar();
    expect(await levels()).toEqual([
      { level: 'red', day: nextDay(task.due_on) },
      { level: 'escalation-2', day: calendar.addWorkingDays(task.due_on, 2) },
      { level: 'escalation-3', day: calendar.addWorkingDays(task.due_on, 4) },
    ]);
    await sys.waitForIdle();

    // Each level reaches the holder of its post, and nobody else of the directors.
    const kinds = async (auth: string) =>
      ((await api().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as { applicationId: string; kind: string }[])
        .filter((n) => n.applicationId === id && n.kind.startsWith('sla.')).map((n) => n.kind);
    await waitFor(async () => (await kinds(chief.auth)).includes('sla.escalation-3'), 'the director to hear of level 3');
    expect(await kinds(sectionHead.auth)).toContain('sla.red');
    expect(await kinds(sectionHead.auth)).not.toContain('sla.escalation-3');
    expect(await kinds(deputy.auth)).toContain('sla.escalation-2');
    expect(await kinds(bystander.auth)).toEqual([]);

    // The case's history shows each level in order.
    const view = (await api().get(`/api/v1/applications/${id}`).set('Authorization', admin.auth).expect(200)).body;
    const escalations = (view.timeline as { action: string; reason: string }[]).filter((t) => t.action === 'escalated' && t.reason.startsWith('acceptance'));
    expect(escalations.map((t) => t.reason)).toEqual([
      expect.stringContaining('level 1 → 科长'), expect.stringContaining('level 2 → 分管副局长'), expect.stringContaining('level 3 → 局长'),
    ]);
    // With its code and parameters, for the pages to say in the reader's language.
    expect(escalations).toEqual(chain.body.levels.map((l: { level: number; post: string; titleZh: string }) => expect.objectContaining({
      reasonCode: 'escalated', reasonParams: { clock: 'acceptance', level: l.level, post: l.post, titleZh: l.titleZh },
    })));

    // The dashboard counts the clocks per level and lists them.
    const board = await api().get('/api/v1/sla/escalations?program=innovation-voucher').set('Authorization', bystander.auth).expect(200);
    expect(board.body.clocks).toContainEqual(expect.objectContaining({ applicationId: id, clock: 'acceptance', level: 3, titleZh: '局长' }));
    expect(board.body.levels.find((l: { level: number }) => l.level === 3).count).toBeGreaterThanOrEqual(1);
    await api().get('/api/v1/sla/escalations?program=nonsense').set('Authorization', bystander.auth).expect(400);
    await api().get('/api/v1/sla/escalations').set('Authorization', asE).expect(403);
  });

  it('publishes a version with its own chain, and refuses a chain that is not one, naming each field', async () => {
    const admin = await staff(['administrator']);
    const base = JSON.parse(JSON.stringify(BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'rd-subsidy' && v.version === '2025')));
    const publish = (body: object) => api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', admin.auth).send(body);
    const bad = await publish({ ...base, version: '2061', years: { from: 2061, to: null },
      escalation: { stepDays: 0, chain: [{ level: 2, post: 'Section Head', titleZh: '' }] } }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'escalation.chain[0].level', 'escalation.chain[0].post', 'escalation.chain[0].titleZh', 'escalation.stepDays',
    ]);
    await publish({ ...base, version: '2062', years: { from: 2062, to: null },
      escalation: { stepDays: 3, chain: [{ level: 1, post: 'section_head', titleZh: '科长' }, { level: 2, post: 'director', titleZh: '局长' }] } })
      .expect(201);
    const chains = await api().get('/api/v1/escalation-chain').set('Authorization', admin.auth).expect(200);
    expect(chains.body.find((c: { program: string }) => c.program === 'rd-subsidy')).toMatchObject({
      version: '2062', stepDays: 3, levels: [expect.objectContaining({ titleZh: '科长' }), expect.objectContaining({ level: 2, titleZh: '局长' })],
    });
  });
});

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
