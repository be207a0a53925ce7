import { BUILTIN_PROGRAM_VERSIONS } from '@app/domain';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { ExpertPanelDraw } from '../../apps/workflow/src/expert-panel-draw';

/** Issue 10, item 9: declarations are limited and can be withdrawn; an unfillable panel alarms the administrators. */
describe('conflicts of interest', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'conflicts', modules: [ApiModule], consume: [], relay: false, env: { CONFLICTS_MAX_PER_REVIEWER: '3' } });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('limits declarations per reviewer and lets one be withdrawn, audited', async () => {
    const reviewer = await createStaff(sys.dataSource, ['city_reviewer']);
    const auth = await login(server, reviewer.username);
    const enterprises = await Promise.all(Array.from({ length: 4 }, () => createEnterprise(sys.dataSource)));
    const codes: string[] = [];
    for (const e of enterprises) {
      const [{ credit_code }]: { credit_code: string }[] = await sys.dataSource.query('SELECT credit_code FROM enterprises WHERE id = $1', [e.enterpriseId]);
      codes.push(credit_code);
    }
    for (const code of codes.slice(0, 3)) {
      await api().post('/api/v1/conflicts').set('Authorization', auth).send({ creditCode: code, reason: '亲属任职' }).expect(201);
    }
    const refused = await api().post('/api/v1/conflicts').set('Authorization', auth).send({ creditCode: codes[3], reason: '亲属任职' }).expect(422);
    expect(refused.body.message).toMatch(/most allowed \(3\)/);
    await api().delete(`/api/v1/conflicts/${enterprises[0].enterpriseId}`).set('Authorization', auth).expect(204);
    await api().delete(`/api/v1/conflicts/${enterprises[0].enterpriseId}`).set('Authorization', auth).expect(404);
    await api().post('/api/v1/conflicts').set('Authorization', auth).send({ creditCode: codes[3], reason: '前雇主' }).expect(201);
    const mine = await api().get('/api/v1/conflicts').set('Authorization', auth).expect(200);
    expect(mine.body.map((c: { enterpriseId: string }) => c.enterpriseId).sort()).toEqual(enterprises.slice(1).map((e) => e.enterpriseId).sort());
    const trail: { action: string }[] = await sys.dataSource.query('SELECT action FROM audit_log WHERE stream = $1 ORDER BY seq', [`account:${reviewer.accountId}`]);
    expect(trail.map((t) => t.action)).toEqual(['conflict.declared', 'conflict.declared', 'conflict.declared', 'conflict.withdrawn', 'conflict.declared']);
  });

  it('alerts every administrator when the expert pool cannot fill a panel, instead of failing and waiting', async () => {
    const e = await createEnterprise(sys.dataSource);
    const admins = [await createStaff(sys.dataSource, ['administrator']), await createStaff(sys.dataSource, ['administrator'])];
    const expert = await createStaff(sys.dataSource, ['expert']);
    await sys.dataSource.query('UPDATE accounts SET conflict_enterprise_ids = $2 WHERE id = $1', [expert.accountId, [e.enterpriseId]]);
    const [pv]: { id: string }[] = await sys.dataSource.query(`SELECT id FROM program_versions WHERE program_code = 'rd-subsidy' ORDER BY year_from DESC LIMIT 1`);
    const [app]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at)
       VALUES ($1, 'rd-subsidy', $2, 2024, 'expert_review', '{}'::jsonb, now()) RETURNING id`, [e.enterpriseId, pv.id]);
    const definition = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'rd-subsidy' && v.expertPanel?.size)!;
    const transitionId = randomUUID();
    const draw = new ExpertPanelDraw();
    const outcome = await sys.dataSource.transaction((m) => draw.draw(m, { id: app.id, enterpriseId: e.enterpriseId }, transitionId, definition));
    expect(outcome).toMatch(/administrators alerted/);
    await sys.dataSource.transaction((m) => draw.draw(m, { id: app.id, enterpriseId: e.enterpriseId }, transitionId, definition));
    for (const admin of admins) {
      const inbox = await api().get('/api/v1/notifications').set('Authorization', await login(server, admin.username)).expect(200);
      expect(inbox.body.filter((n: { kind: string; applicationId: string }) => n.kind === 'panel.unfilled' && n.applicationId === app.id)).toHaveLength(1);
    }
    const audited: unknown[] = await sys.dataSource.query(`SELECT 1 FROM audit_log WHERE stream = $1 AND action = 'panel.unfilled'`, [`application:${app.id}`]);
    expect(audited).toHaveLength(1);
  });
});
