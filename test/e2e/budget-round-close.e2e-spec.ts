import { ALL_QUEUES } from '@app/contracts';
import { CaseStatus } from '@app/domain';
import { CaseTransitions, SYSTEM_ACTOR, verifyAudit } from '@app/persistence';
import {
  caseAt, checkInvariants, createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem, violations, waitFor,
} from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 12 item 2: closing an oversubscribed pro-rata round (按比例核减) changes cases like every other change of
 * a case does — through the transition writer: a version bump, a same-status transition with its audit row, and
 * the outbox row whose message tells the enterprise its reduced amount — and leaves the cases' clocks alone.
 */
describe('closing a budget round tells each enterprise its reduced amount', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  type Message = { applicationId: string; kind: string; message: string };
  const inbox = async (auth: string, id: string): Promise<Message[]> =>
    ((await api().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as Message[]).filter((m) => m.applicationId === id);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'budget_close', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  /** What a same-status change must not move: the state, its deadlines, the clock events and the armed timers. */
  async function clockState(id: string) {
    const [row]: Record<string, unknown>[] = await sys.dataSource.query(
      `SELECT status, notice_ends_at, due_on, decided_at, next_alarm_at,
              (SELECT count(*) FROM clock_events c WHERE c.application_id = a.id) AS clock_events,
              (SELECT json_agg(json_build_object('clock', t.clock, 'level', t.level, 'due', t.due_at) ORDER BY t.clock, t.level)
                 FROM sla_timers t WHERE t.application_id = a.id) AS timers
         FROM applications a WHERE id = $1`,
      [id],
    );
    return row;
  }

  it('bumps each reduced case once, in place, and the enterprise reads the new amount in its language', async () => {
    const poolId = await createBudgetPool(sys.dataSource, 'rd-subsidy', 2031, 1_000_000, 'pro-rata');
    const zh = await createEnterprise(sys.dataSource);
    const en = await createEnterprise(sys.dataSource);
    const asZh = await login(server, zh.username);
    const asEn = await login(server, en.username);
    await api().patch('/api/v1/account/preferences').set('Authorization', asEn).send({ language: 'en' }).expect(200);

    // 6000元 in 公示 and 6000元 approved (办结) against a round of 10000元: each is reduced to 5000元.
    const inNotice = await caseAt(sys, 'rd-subsidy', 2031, 600_000, 'public_notice', zh.enterpriseId);
    const approved = await caseAt(sys, 'rd-subsidy', 2031, 600_000, 'public_notice', en.enterpriseId);
    await sys.dataSource.transaction(async (manager) => {
      const [row]: { version: number; program_version_id: string }[] = await manager.query(
        'SELECT version, program_version_id FROM applications WHERE id = $1', [approved],
      );
      await sys.http.get(CaseTransitions).apply(manager, {
        application: { id: approved, status: 'public_notice' as CaseStatus, version: row.version, programVersionId: row.program_version_id },
        action: { type: 'notice-ended' }, actor: SYSTEM_ACTOR,
      });
    });
    await sys.waitForIdle();
    const ids = [inNotice, approved];
    const before = new Map<string, { version: number; clocks: Record<string, unknown> }>();
    for (const id of ids) {
      const [{ version }]: { version: number }[] = await sys.dataSource.query('SELECT version FROM applications WHERE id = $1', [id]);
      before.set(id, { version, clocks: await clockState(id) });
    }

    const asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const closed = await api().post(`/api/v1/budget-pools/${poolId}/close`).set('Authorization', asAdmin).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', reservedFen: 1_000_000, remainingFen: 0 });
    expect(closed.body.reductions).toEqual(expect.arrayContaining([
      { applicationId: inNotice, fromFen: 600_000, toFen: 500_000 },
      { applicationId: approved, fromFen: 600_000, toFen: 500_000 },
    ]));
    // A second close (a retried request) changes nothing: the round is closed.
    await api().post(`/api/v1/budget-pools/${poolId}/close`).set('Authorization', asAdmin).expect(409);

    await sys.waitForIdle();
    for (const id of ids) {
      const [app]: { amount_fen: string; version: number }[] = await sys.dataSource.query(
        'SELECT amount_fen, version FROM applications WHERE id = $1', [id],
      );
      expect(Number(app.amount_fen)).toBe(500_000);
      expect(app.version).toBe(before.get(id)!.version + 1);
      // One audited same-status transition at the new version, saying what changed.
      const transitions: { seq: number; from_status: string; to_status: string; action: string; detail: Record<string, unknown> }[] =
        await sys.dataSource.query(
          `SELECT seq, from_status, to_status, action, detail FROM transitions WHERE application_id = $1 AND action = 'pro-rata-reduced'`, [id],
        );
      expect(transitions).toEqual([expect.objectContaining({ seq: app.version, action: 'pro-rata-reduced' })]);
      expect(transitions[0].from_status).toBe(transitions[0].to_status);
      expect(transitions[0].detail).toMatchObject({ poolId, fromFen: 600_000, toFen: 500_000 });
      expect(await verifyAudit(sys.dataSource.manager, `application:${id}`)).toMatchObject({ ok: true });
      // Same status, same deadlines, no clock event, the same alarms armed (now for the new version).
      expect(await clockState(id)).toEqual(before.get(id)!.clocks);
      const [{ armed }]: { armed: number }[] = await sys.dataSource.query('SELECT alarms_armed_version AS armed FROM applications WHERE id = $1', [id]);
      expect(armed).toBe(app.version);
    }
    expect((await clockState(inNotice)).status).toBe('public_notice');
    expect((await clockState(approved)).status).toBe('approved');

    const zhMessage = await waitFor(
      async () => (await inbox(asZh, inNotice)).find((m) => m.kind === 'case.pro-rata-reduced'), 'the zh-CN reduction message',
    );
    expect(zhMessage.message).toContain('按比例核减');
    expect(zhMessage.message).toContain('6000.00元');
    expect(zhMessage.message).toContain('5000.00元');
    const enMessage = await waitFor(
      async () => (await inbox(asEn, approved)).find((m) => m.kind === 'case.pro-rata-reduced'), 'the English reduction message',
    );
    expect(enMessage.message).toMatch(/reduced pro rata .* from 6000\.00元 to 5000\.00元/);

    // The pool holds what its reservations say (I5), every open case is armed for its version (I7), every transition
    // is one the state machine allows (I9) and every enterprise was told of each (M).
    const report = await checkInvariants(sys.dataSource, { acknowledged: [], recoveryWindow: '0 seconds' });
    expect(violations(report).filter((v) => /^(I5|I7|I9|M):/.test(v))).toEqual([]);
  });
});
