import { ALL_QUEUES } from '@app/contracts';
import { dayAfterWorkingDays, makeUscc } from '@app/domain';
import { CalendarService, startOfShanghaiDay, TimeSource, verifyAudit } from '@app/persistence';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { ImportOffersHandler, OFFER_BATCH_ROWS } from '../../apps/workflow/src/offers/import-offers.handler';
import { NotifyOfferBatchHandler } from '../../apps/notifier/src/notify-offer-batch.handler';
import { LapseOfferBatchHandler } from '../../apps/workflow/src/offers/lapse-offer-batch.handler';
import { LapseOfferHandler } from '../../apps/workflow/src/offers/lapse-offer.handler';

/**
 * 免申即享 end to end against real PostgreSQL and Redis: an administrator uploads a file, the import job opens
 * one case per eligible enterprise with its amount, bad rows are reported by line and column, the same file
 * twice creates nothing, and the enterprise confirms, declines or lets the offer lapse.
 */
describe('免申即享 offers, end to end', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'offers', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
    const admin = await createStaff(sys.dataSource, ['administrator']);
    asAdmin = await login(server, admin.username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);
  const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
  // Never the same code twice in this file: 1,100 draws from 10^7 repeat one about once in sixteen runs, and a
  // repeated row reads (rightly) as an enterprise that already has a case.
  const given = new Set<string>();
  const newCode = (): string => {
    const code = makeUscc(`91350102MA${digits(7)}`);
    if (given.has(code)) return newCode();
    given.add(code);
    return code;
  };

  function upload(program: string, year: number, csv: string, as: 'text' | 'json' = 'text') {
    const req = api().post(`/api/v1/offers/imports?program=${program}&year=${year}`).set('Authorization', asAdmin);
    return as === 'text' ? req.set('Content-Type', 'text/csv').send(csv) : req.send({ csv });
  }

  async function finished(id: string) {
    await sys.waitForIdle();
    return waitFor(async () => {
      const res = await api().get(`/api/v1/offers/imports/${id}`).set('Authorization', asAdmin).expect(200);
      return res.body.status === 'done' ? res.body : null;
    }, `import ${id} to finish`);
  }

  /** How many inbox messages each account has about a case. */
  async function messagesAbout(applicationId: string): Promise<{ account: string; n: number }[]> {
    return sys.dataSource.query(
      `SELECT account_id AS account, count(*)::int AS n FROM notifications WHERE application_id = $1 GROUP BY account_id`,
      [applicationId],
    );
  }

  async function offersOf(auth: string) {
    const res = await api().get('/api/v1/applications?status=awaiting_confirmation').set('Authorization', auth).expect(200);
    return res.body as { id: string; status: string; version: number; amountFen: number; split: Record<string, number>; trace: unknown[]; program: string }[];
  }

  it('opens a case with its amount per eligible row, reports bad rows by line and column, and a second upload creates nothing', async () => {
    const known = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const unknownCode = newCode();
    const ineligible = await createEnterprise(sys.dataSource);
    const csv = [
      'creditCode,name,isTechEnterprise,rdExpenseFen,rdExpensePrevFen',
      `${known.username},,true,500000000,300000000`,
      `${unknownCode},"新企业, 有限公司",true,400000000,250000000`,
      `${ineligible.username},,false,500000000,300000000`,
      `${newCode()},,true,abc,300000000`,
      `91350100M000100Y44,,true,500000000,300000000`,
    ].join('\n');

    const created = await upload('rd-subsidy', 2025, csv).expect(201);
    expect(created.body).toMatchObject({ program: 'rd-subsidy', year: 2025, rowsTotal: 5 });
    expect(created.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const progress = await finished(created.body.id);
    expect(progress).toMatchObject({ rowsTotal: 5, rowsDone: 5, created: 2, existing: 0, ineligible: 1, bad: 2 });

    const errors = await api().get(`/api/v1/offers/imports/${created.body.id}/errors`).set('Authorization', asAdmin).expect(200);
    expect(errors.body).toEqual([
      { line: 5, field: 'rdExpenseFen', message: 'must be a number of fen' },
      { line: 6, field: 'creditCode', message: "check character should be '3', got '4'" },
    ]);

    const asKnown = await login(server, known.username);
    const [offer] = await offersOf(asKnown);
    expect(offer).toMatchObject({
      program: 'rd-subsidy', status: 'awaiting_confirmation', amountFen: 12_000_000,
      split: { province: 9_600_000, city: 1_200_000, district: 1_200_000 },
    });
    expect(offer.trace.length).toBeGreaterThan(0);
    // Opened set-based (COPY): its audit stream starts a chain that verifies; its batch's lapse alarm is queued, for
    // the instant the offer lapses; and its enterprise's account was told once, by the batch's notification job.
    expect(await verifyAudit(sys.dataSource.manager, `application:${offer.id}`)).toEqual({ ok: true, rows: 1 });
    const jobs: { job_name: string; run_at: Date; lapses_at: Date }[] = await sys.dataSource.query(
      `SELECT ob.job_name, ob.run_at, o.lapses_at FROM offers o
         JOIN offer_import_batches b ON b.import_id = o.import_id AND b.batch_no = o.batch_no
         JOIN outbox ob ON ob.payload->>'batchId' = b.id::text
        WHERE o.application_id = $1 ORDER BY ob.job_name`,
      [offer.id],
    );
    expect(jobs.map((j) => j.job_name)).toEqual(['lapse-offer-batch', 'notify-offer-batch']);
    expect(jobs[0].run_at).toEqual(jobs[0].lapses_at);
    expect(await messagesAbout(offer.id)).toEqual([{ account: known.accountId, n: 1 }]);

    const [fresh]: { id: string; name: string; region_code: string; accounts: string }[] = await sys.dataSource.query(
      `SELECT e.id, e.name, e.region_code, (SELECT count(*) FROM accounts a WHERE a.enterprise_id = e.id) AS accounts
         FROM enterprises e WHERE e.credit_code = $1`,
      [unknownCode],
    );
    expect(fresh).toMatchObject({ name: '新企业, 有限公司', region_code: unknownCode.slice(2, 8), accounts: '0' });
    const [freshCase]: { amount_fen: string; status: string }[] = await sys.dataSource.query(
      'SELECT amount_fen, status FROM applications WHERE enterprise_id = $1',
      [fresh.id],
    );
    expect(freshCase).toEqual({ amount_fen: '9000000', status: 'awaiting_confirmation' });

    // The same file again: the same import, no job, no case.
    const count = async () => {
      const [row]: { cases: string; imports: string; jobs: string }[] = await sys.dataSource.query(
        `SELECT (SELECT count(*) FROM applications) AS cases, (SELECT count(*) FROM offer_imports) AS imports,
                (SELECT count(*) FROM outbox WHERE job_name = 'import-offers') AS jobs`,
      );
      return row;
    };
    const before = await count();
    const again = await upload('rd-subsidy', 2025, csv, 'json').expect(200);
    expect(again.body.id).toBe(created.body.id);
    await sys.waitForIdle();
    expect(await count()).toEqual(before);

    // Another file naming the same enterprises: their open cases stand, nothing new is opened.
    const other = await upload('rd-subsidy', 2025, `${csv}\n`).expect(201);
    expect(other.body.id).not.toBe(created.body.id);
    expect(await finished(other.body.id)).toMatchObject({ created: 0, existing: 2, ineligible: 1, bad: 2 });
    expect((await count()).cases).toBe(before.cases);
  });

  it('refuses a bad header, a program that makes no offers, and anyone but an administrator', async () => {
    const bad = await upload('rd-subsidy', 2025, 'creditCode,rdExpenseFen,amountFen\n').expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'header.amountFen' })]);
    const noCode = await upload('rd-subsidy', 2025, 'rdExpenseFen\n1\n').expect(400);
    expect(noCode.body.fields.map((f: { field: string }) => f.field)).toEqual(['header.creditCode']);
    await upload('rd-subsidy', 2019, 'creditCode\n').expect(422);
    const e = await createEnterprise(sys.dataSource);
    await api().post('/api/v1/offers/imports?program=rd-subsidy&year=2025').set('Authorization', await login(server, e.username))
      .set('Content-Type', 'text/csv').send('creditCode\n').expect(403);
    await api().post('/api/v1/offers/imports?program=rd-subsidy&year=2025').set('Authorization', asAdmin)
      .send({ csv: 'creditCode\n', status: 'done' }).expect(400);
    await api().post('/api/v1/offers/imports?program=rd-subsidy&year=2025').set('Authorization', asAdmin)
      .set('Content-Type', 'application/xml').send('<csv/>').expect(415);
    const unclosed = await upload('rd-subsidy', 2025, 'creditCode,name\nX,"open\n').expect(400);
    expect(unclosed.body.fields).toEqual([{ field: 'csv', message: 'line 2: a quoted field is not closed' }]);
  });

  it('writes every row once when the import job runs three times at once (a redelivery, a re-run after a crash)', async () => {
    const lines = ['creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen'];
    for (let i = 0; i < 1100; i++) lines.push(`${newCode()},${i % 10 === 0},500000000,300000000`);
    const created = await upload('rd-subsidy', 2025, lines.join('\n')).expect(201);
    const handler = sys.http.get(ImportOffersHandler);
    await Promise.all([handler.handle({ importId: created.body.id }), handler.handle({ importId: created.body.id })]);
    const progress = await finished(created.body.id);
    expect(progress).toMatchObject({ rowsTotal: 1100, rowsDone: 1100, created: 110, ineligible: 990, bad: 0 });
    const [{ cases, batches }]: { cases: string; batches: string }[] = await sys.dataSource.query(
      `SELECT (SELECT count(*) FROM offers WHERE import_id = $1) AS cases,
              (SELECT count(*) FROM offer_import_batches WHERE import_id = $1) AS batches`,
      [created.body.id],
    );
    expect({ cases, batches }).toEqual({ cases: '110', batches: String(Math.ceil(1100 / OFFER_BATCH_ROWS)) });
    expect(await handler.handle({ importId: created.body.id })).toBe('already done');
  });

  it('creates an enterprise two imports name at once once, with one case (the batch that loses the race runs again)', async () => {
    const codes = Array.from({ length: 50 }, () => newCode());
    const file = (extra: string) => ['creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen', ...codes.map((c) => `${c},true,500000000,300000000`), extra];
    const first = await upload('rd-subsidy', 2025, file(`${newCode()},false,1,1`).join('\n')).expect(201);
    const second = await upload('rd-subsidy', 2025, file(`${newCode()},false,2,2`).join('\n')).expect(201);
    const handler = sys.http.get(ImportOffersHandler);
    await Promise.all([handler.handle({ importId: first.body.id }), handler.handle({ importId: second.body.id })]);
    const [a, b] = [await finished(first.body.id), await finished(second.body.id)];
    expect(a.created + b.created).toBe(codes.length);
    expect(a.existing + b.existing).toBe(codes.length);
    const [{ enterprises, cases }]: { enterprises: number; cases: number }[] = await sys.dataSource.query(
      `SELECT count(DISTINCT e.id)::int AS enterprises, count(a.id)::int AS cases
         FROM enterprises e LEFT JOIN applications a ON a.enterprise_id = e.id WHERE e.credit_code = ANY($1::text[])`,
      [codes],
    );
    expect({ enterprises, cases }).toEqual({ enterprises: codes.length, cases: codes.length });
  });

  it('lets the enterprise confirm (→ first review stage with a task) or decline its offer', async () => {
    const confirming = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const declining = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const csv = [
      'creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen',
      `${confirming.username},true,500000000,300000000`,
      `${declining.username},true,500000000,300000000`,
    ].join('\n');
    const created = await upload('rd-subsidy', 2025, csv).expect(201);
    await finished(created.body.id);

    const asConfirming = await login(server, confirming.username);
    const [offer] = await offersOf(asConfirming);
    await api().post(`/api/v1/applications/${offer.id}/confirm`).set('Authorization', asConfirming)
      .send({ version: offer.version + 1 }).expect(409);
    const asDeclining = await login(server, declining.username);
    await api().post(`/api/v1/applications/${offer.id}/confirm`).set('Authorization', asDeclining)
      .send({ version: offer.version }).expect(404);
    const confirmed = await api().post(`/api/v1/applications/${offer.id}/confirm`).set('Authorization', asConfirming)
      .send({ version: offer.version }).expect(200);
    expect(confirmed.body.status).toBe('acceptance');
    await sys.waitForIdle();
    const tasks: { stage: string; status: string; region_code: string }[] = await sys.dataSource.query(
      'SELECT stage, status, region_code FROM review_tasks WHERE application_id = $1',
      [offer.id],
    );
    expect(tasks).toEqual([{ stage: 'acceptance', status: 'open', region_code: '350102' }]);

    const [declined] = await offersOf(asDeclining);
    const answer = await api().post(`/api/v1/applications/${declined.id}/decline`).set('Authorization', asDeclining)
      .send({ version: declined.version }).expect(200);
    expect(answer.body.status).toBe('declined');
    await api().post(`/api/v1/applications/${declined.id}/confirm`).set('Authorization', asDeclining)
      .send({ version: answer.body.version }).expect(409);
    expect(answer.body.timeline.map((t: { to: string }) => t.to)).toEqual(['awaiting_confirmation', 'declined']);
  });

  it('notifies a batch\'s offers with one job, once each, and lapses the unconfirmed ones with one job at their common instant', async () => {
    const enterprises = await Promise.all([0, 1, 2].map(() => createEnterprise(sys.dataSource, { regionCode: '350102' })));
    const csv = ['creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen', ...enterprises.map((e) => `${e.username},true,500000000,300000000`)];
    const created = await upload('rd-subsidy', 2025, csv.join('\n')).expect(201);
    expect(await finished(created.body.id)).toMatchObject({ created: 3 });
    const offers: { application_id: string; enterprise_id: string; lapses_at: Date }[] = await sys.dataSource.query(
      `SELECT o.application_id, a.enterprise_id, o.lapses_at FROM offers o JOIN applications a ON a.id = o.application_id
        WHERE o.import_id = $1 ORDER BY o.line`,
      [created.body.id],
    );
    const [{ id: batchId }]: { id: string }[] = await sys.dataSource.query('SELECT id FROM offer_import_batches WHERE import_id = $1', [created.body.id]);
    // Two jobs for the batch, none per offer: one message per account and offer all the same, also when the job runs again.
    const [{ n: perOffer }]: { n: number }[] = await sys.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'applicationId' = ANY($1::text[]) OR payload->>'transitionId' IN
         (SELECT id::text FROM transitions WHERE application_id = ANY($1::uuid[]))`,
      [offers.map((o) => o.application_id)],
    );
    expect(perOffer).toBe(0);
    await sys.waitForIdle();
    const told = async () => Promise.all(offers.map((o) => messagesAbout(o.application_id)));
    const once = enterprises.map((e) => [{ account: e.accountId, n: 1 }]);
    expect(await told()).toEqual(once);
    expect(await sys.http.get(NotifyOfferBatchHandler).handle({ batchId })).toBe('3 offers, 3 with someone to tell');
    expect(await told()).toEqual(once);

    // The first enterprise confirms; before the instant, nothing lapses.
    const [first] = await offersOf(await login(server, enterprises[0].username));
    await api().post(`/api/v1/applications/${first.id}/confirm`).set('Authorization', await login(server, enterprises[0].username))
      .send({ version: first.version }).expect(200);
    const lapse = sys.http.get(LapseOfferBatchHandler);
    expect(await lapse.handle({ batchId })).toBe('not yet 2');

    // At the instant, the batch's one job lapses the two others, each by its own transition (and message).
    const time = sys.http.get(TimeSource);
    const ahead = offers[0].lapses_at.getTime() - time.now().getTime() + 1_000;
    time.travel(ahead);
    try {
      await lapse.handle({ batchId });
      const statuses: { status: string }[] = await sys.dataSource.query(
        'SELECT status FROM applications WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)',
        [offers.map((o) => o.application_id)],
      );
      expect(statuses.map((s) => s.status)).toEqual(['acceptance', 'lapsed', 'lapsed']);
      expect(await lapse.handle({ batchId })).toBe('none open');
      await sys.waitForIdle();
      expect((await told()).slice(1)).toEqual(enterprises.slice(1).map((e) => [{ account: e.accountId, n: 2 }]));
    } finally {
      time.travel(-ahead);
    }
  });

  it('documents every offer endpoint with its schemas and error codes', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const expectations: [string, string, string[], boolean][] = [
      ['/api/v1/offers/imports', 'post', ['200', '201', '400', '401', '403', '413', '415', '422'], true],
      ['/api/v1/offers/imports/{id}', 'get', ['200', '401', '403', '404'], false],
      ['/api/v1/offers/imports/{id}/errors', 'get', ['200', '400', '401', '403', '404'], false],
      ['/api/v1/applications/{id}/confirm', 'post', ['200', '400', '401', '403', '404', '409'], true],
      ['/api/v1/applications/{id}/decline', 'post', ['200', '400', '401', '403', '404', '409'], true],
    ];
    for (const [path, method, codes, hasBody] of expectations) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, codes: Object.keys(operation?.responses ?? {}) }).toEqual({ path, method, codes: expect.arrayContaining(codes) });
      if (hasBody) expect({ path, body: Boolean(operation.requestBody) }).toEqual({ path, body: true });
    }
  });

  it('lets an unconfirmed offer lapse after 10 working days, not before', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102', scale: 'above' });
    const csv = [
      'creditCode,recognition,scale,certificateNo,certificateIssuedOn',
      `${e.username},first,above,GR2025${randomBytes(4).toString('hex')},2025-11-01`,
    ].join('\n');
    const created = await upload('high-tech-reward', 2025, csv).expect(201);
    expect(await finished(created.body.id)).toMatchObject({ created: 1 });
    const asE = await login(server, e.username);
    const [offer] = await offersOf(asE);
    expect(offer).toMatchObject({ program: 'high-tech-reward', amountFen: 20_000_000 });

    const time = sys.http.get(TimeSource);
    const [{ lapses_at: lapsesAt }]: { lapses_at: Date }[] = await sys.dataSource.query(
      'SELECT lapses_at FROM offers WHERE application_id = $1',
      [offer.id],
    );
    const calendar = sys.http.get(CalendarService).calendar();
    expect(lapsesAt).toEqual(startOfShanghaiDay(dayAfterWorkingDays(calendar, time.today(), 10)));

    // The last minute of the tenth working day: the offer still stands.
    time.travel(lapsesAt.getTime() - time.now().getTime() - 60_000);
    expect(await sys.http.get(LapseOfferHandler).handle({ applicationId: offer.id })).toBe('not yet');
    expect((await offersOf(asE)).map((o) => o.id)).toContain(offer.id);

    // The next day: the sweep finds the overdue offer (its timer is still days away in real time) and it lapses.
    time.travel(120_000);
    await waitFor(async () => {
      const res = await api().get(`/api/v1/applications/${offer.id}`).set('Authorization', asE).expect(200);
      return res.body.status === 'lapsed';
    }, 'the offer to lapse');
    await api().post(`/api/v1/applications/${offer.id}/confirm`).set('Authorization', asE).send({ version: offer.version }).expect(409);
  });
});
