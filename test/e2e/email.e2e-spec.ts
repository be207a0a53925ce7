import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, login, startSmtpReceiver, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { DeliverEmailHandler } from '../../apps/notifier/src/deliver-email.handler';
import { StuckEmailSweep } from '../../apps/notifier/src/stuck-email-sweep';

type Receiver = Awaited<ReturnType<typeof startSmtpReceiver>>;
interface DeliveryRow {
  id: string;
  notification_id: string;
  account_id: string;
  kind: string;
  message: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** An e-mail delivery as administrators read it (GET /api/v1/email-deliveries). */
interface Delivery {
  id: string;
  notificationId: string;
  accountId: string;
  kind: string | null;
  subject: string | null;
  status: string;
  lastAttemptAt: string | null;
  createdAt: string;
}

const VOUCHER = { program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } };
const PAGES = 'https://subsidies.example.gov.cn';

/**
 * E-mail end to end, against a real SMTP server on loopback whose answers the test decides: a case's change of state
 * mailed to its enterprise, a new task to the reviewers who may take it, each in the reader's language with a link
 * to the page; nothing for an account without an address; a temporary refusal retried until it is taken (one mail
 * per Message-ID), a permanent one failed with the server's words; and the address set, refused and removed through
 * the account's preferences.
 */
describe('e-mail', () => {
  let sys: TestSystem;
  let smtp: Receiver;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    // 4xx for one address until its third try, 5xx for another: the rest is taken.
    smtp = await startSmtpReceiver((to, n) => (to.startsWith('flaky') && n < 3 ? 451 : to.startsWith('refused') ? 550 : 'accept'));
    sys = await startTestSystem({
      label: 'email', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true,
      env: {
        SMTP_URL: smtp.url, MAIL_FROM: '科技局 <noreply@bureau.example.gov.cn>', PUBLIC_URL: `${PAGES}/`,
        MAIL_BACKOFF_MS: '20', MAIL_MAX_ATTEMPTS: '4', MAIL_TIMEOUT_MS: '3000',
      },
    });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => {
    await sys?.stop();
    await smtp?.close();
  });

  const setEmail = async (auth: string, email: string | null, language?: string) =>
    api().patch('/api/v1/account/preferences').set('Authorization', auth).send(language ? { email, language } : { email }).expect(200);
  const deliveriesOf = (accountId: string): Promise<DeliveryRow[]> =>
    sys.dataSource.query(
      `SELECT d.id, d.notification_id, d.account_id, n.kind, n.message, d.status, d.attempts, d.last_error
         FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.account_id = $1 ORDER BY n.created_at`,
      [accountId],
    );
  const submit = async (auth: string): Promise<{ id: string; caseNumber: string }> =>
    (await api().post('/api/v1/applications').set('Authorization', auth).send(VOUCHER).expect(201)).body;

  it('sets, shows, refuses and removes the address through the preferences, auditing each change', async () => {
    const staff = await createStaff(sys.dataSource, ['city_reviewer']);
    const auth = await login(server, staff.username);
    expect((await api().get('/api/v1/account/preferences').set('Authorization', auth).expect(200)).body).toEqual({ language: 'zh-CN', email: null, emailAvailable: true });

    for (const bad of ['not-an-address', 'a@', 'x'.repeat(250) + '@example.com', 42]) {
      const refused = await api().patch('/api/v1/account/preferences').set('Authorization', auth).send({ email: bad }).expect(400);
      expect([...new Set(refused.body.fields.map((f: { field: string }) => f.field))]).toEqual(['email']);
    }
    const neither = await api().patch('/api/v1/account/preferences').set('Authorization', auth).send({}).expect(400);
    expect(neither.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'language']);

    expect((await setEmail(auth, 'reviewer@bureau.example.gov.cn')).body).toEqual({ language: 'zh-CN', email: 'reviewer@bureau.example.gov.cn', emailAvailable: true });
    // The language alone, as the pages' language switch sends it, keeps the address.
    await api().patch('/api/v1/account/preferences').set('Authorization', auth).send({ language: 'en' }).expect(200);
    expect((await api().get('/api/v1/account/preferences').set('Authorization', auth).expect(200)).body)
      .toEqual({ language: 'en', email: 'reviewer@bureau.example.gov.cn', emailAvailable: true });
    expect((await setEmail(auth, null)).body).toEqual({ language: 'en', email: null, emailAvailable: true });
    expect((await api().get('/api/v1/account/preferences').set('Authorization', auth).expect(200)).body).toEqual({ language: 'en', email: null, emailAvailable: true });

    const audit: { data: Record<string, unknown> }[] = await sys.dataSource.query(
      `SELECT data FROM audit_log WHERE stream = $1 AND action = 'preferences.updated' ORDER BY seq`, [`account:${staff.accountId}`],
    );
    expect(audit.map((a) => a.data)).toEqual([{ email: 'r***@bureau.example.gov.cn' }, { language: 'en' }, { email: null }]);
  });

  it('mails the enterprise each change of its case in its language, with a link to the case and a Message-ID of the message', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asE = await login(server, e.username);
    await setEmail(asE, 'Finance@Enterprise.example.com', 'en');
    const reviewer = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const { id, caseNumber } = await submit(asE);
    await waitForTask(server, await login(server, reviewer.username), id, 'acceptance');
    await sys.waitForIdle();

    const delivered = await waitFor(async () => {
      const rows = await deliveriesOf(e.accountId);
      return rows.length >= 2 && rows.every((r) => r.status === 'sent') ? rows : null;
    }, 'the enterprise’s two mails sent');
    expect(delivered.map((d) => d.kind)).toEqual(['case.submitted', 'case.acceptance']);
    const mails = smtp.to('finance@enterprise.example.com');
    expect(mails).toHaveLength(2);
    for (const [i, d] of delivered.entries()) {
      const mail = mails.find((m) => m.messageId === `<notification-${d.notification_id}@bureau.example.gov.cn>`);
      expect(mail).toBeDefined();
      expect(mail!.subject).toMatch(new RegExp(`^\\[S&T Bureau\\] Case ${caseNumber}: `));
      expect(mail!.subject).toBe(i === 0 ? `[S&T Bureau] Case ${caseNumber}: application received` : `[S&T Bureau] Case ${caseNumber}: now in acceptance (受理)`);
      // The in-app message itself (written in English for this reader), and where to act on it.
      expect(mail!.text).toContain(d.message);
      expect(d.message).toContain(caseNumber);
      expect(mail!.text).toContain(`Open the case: ${PAGES}/enterprise/cases/${id}`);
      expect(mail!.from).toBe('noreply@bureau.example.gov.cn');
      expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
      // And the same as HTML, an alternative to the text: in English, the case number, the link a real <a>.
      expect(mail!.contentType).toBe('multipart/alternative');
      expect(mail!.html).toMatch(/<html lang="en">/);
      expect(mail!.html).toContain(`Case number: <strong>${caseNumber}</strong>`);
      expect(mail!.html).toContain(`<a href="${PAGES}/enterprise/cases/${id}" style="color:#0b57d0;text-decoration:underline">Open the case</a>`);
    }
  });

  it('mails a new task to the reviewers with an address who may take it, in Chinese by default, and nothing to those without', async () => {
    const withAddress = await createStaff(sys.dataSource, ['district_reviewer'], '350103');
    const without = await createStaff(sys.dataSource, ['district_reviewer'], '350103');
    const asWith = await login(server, withAddress.username);
    await setEmail(asWith, 'district.reviewer@bureau.example.gov.cn');
    const e = await createEnterprise(sys.dataSource, { regionCode: '350103' });
    // A name with the characters HTML gives a meaning to: the HTML part escapes them, the text part keeps them.
    const name = `R&D <Lab> "Quotes" O'Brien 有限公司`;
    await sys.dataSource.query('UPDATE enterprises SET name = $2 WHERE id = $1', [e.enterpriseId, name]);
    const { id, caseNumber } = await submit(await login(server, e.username));
    const task = await waitForTask(server, asWith, id, 'acceptance');
    await sys.waitForIdle();

    const [delivery] = await waitFor(async () => {
      const rows = (await deliveriesOf(withAddress.accountId)).filter((r) => r.kind === 'task.created' && r.status === 'sent');
      return rows.length > 0 ? rows : null;
    }, 'the reviewer’s task mail');
    const [mail] = smtp.to('district.reviewer@bureau.example.gov.cn');
    expect(mail.messageId).toBe(`<notification-${delivery.notification_id}@bureau.example.gov.cn>`);
    expect(mail.subject).toBe(`[科技局] 案件 ${caseNumber}：新的待办任务`);
    expect(mail.text).toContain(delivery.message);
    expect(mail.text).toContain(`办理待办任务：${PAGES}/review/tasks/${task.id}`);
    expect(delivery.message).toContain(name);
    expect(mail.text).toContain(name);
    expect(mail.contentType).toBe('multipart/alternative');
    expect(mail.html).toMatch(/<html lang="zh-CN">/);
    expect(mail.html).toContain('R&amp;D &lt;Lab&gt; &quot;Quotes&quot; O&#39;Brien 有限公司');
    expect(mail.html).not.toContain(name);
    expect(mail.html).toContain(`案件编号：<strong>${caseNumber}</strong>`);
    expect(mail.html).toContain(`<a href="${PAGES}/review/tasks/${task.id}" style="color:#0b57d0;text-decoration:underline">办理待办任务</a>`);

    // The other reviewer has the same message in the inbox, and no delivery; the enterprise (no address) none either.
    const [{ n }]: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM notifications WHERE account_id = $1 AND kind = 'task.created' AND application_id = $2`, [without.accountId, id],
    );
    expect(Number(n)).toBe(1);
    expect(await deliveriesOf(without.accountId)).toEqual([]);
    expect(await deliveriesOf(e.accountId)).toEqual([]);
  });

  it('tries again after a temporary refusal until the mail is taken, and fails at once on a permanent one', async () => {
    const flaky = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    await setEmail(await login(server, flaky.username), 'flaky@enterprise.example.com');
    const refused = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    await setEmail(await login(server, refused.username), 'refused@enterprise.example.com');
    await submit(await login(server, flaky.username));
    await submit(await login(server, refused.username));

    const settled = async (accountId: string) => waitFor(async () => {
      const rows = await deliveriesOf(accountId);
      return rows.length >= 2 && rows.every((r) => r.status === 'sent' || r.status === 'failed') ? rows : null;
    }, `the deliveries of ${accountId} settled`);

    const sent = await settled(flaky.accountId);
    expect(sent.map((d) => d.status)).toEqual(['sent', 'sent']);
    // The first two tries to this address were refused (451), whichever mails they were; each try is on its row.
    expect(smtp.triesOf('flaky@enterprise.example.com')).toBe(4);
    expect(sent[0].attempts + sent[1].attempts).toBe(4);
    expect(Math.max(sent[0].attempts, sent[1].attempts)).toBeGreaterThan(1);
    // At least once, never as two mails: one message per Message-ID, one per delivery.
    const mails = smtp.to('flaky@enterprise.example.com');
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
    expect(mails.map((m) => m.messageId).sort()).toEqual(sent.map((d) => `<notification-${d.notification_id}@bureau.example.gov.cn>`).sort());

    const failed = await settled(refused.accountId);
    expect(failed.map((d) => ({ status: d.status, attempts: d.attempts }))).toEqual([
      { status: 'failed', attempts: 1 }, { status: 'failed', attempts: 1 },
    ]);
    expect(failed[0].last_error).toMatch(/^550 /);
    expect(smtp.to('refused@enterprise.example.com')).toEqual([]);
    await sys.waitForIdle();
  });

  it('sends once when two runs hold one job, and resends with the same Message-ID after a notifier died mid-try', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    await setEmail(await login(server, e.username), 'twice@enterprise.example.com');
    await submit(await login(server, e.username));
    const [first] = await waitFor(async () => {
      const rows = await deliveriesOf(e.accountId);
      return rows.length >= 2 && rows.every((r) => r.status === 'sent') ? rows : null;
    }, 'the first mails sent');
    const messageId = `<notification-${first.notification_id}@bureau.example.gov.cn>`;
    const copies = () => smtp.to('twice@enterprise.example.com').filter((m) => m.messageId === messageId).length;
    expect(copies()).toBe(1);

    // A stalled job taken again while its first run goes on: both runs at once, one claim, one mail.
    await sys.dataSource.query(`UPDATE email_deliveries SET status = 'pending', attempts = 0 WHERE id = $1`, [first.id]);
    const handler = sys.http.get(DeliverEmailHandler);
    const runs = await Promise.all([handler.handle({ deliveryId: first.id }), handler.handle({ deliveryId: first.id })]);
    expect(runs.sort()).toEqual(['claimed by another run', 'sent on try 1']);
    expect(copies()).toBe(2);

    // A notifier killed after the server took the mail, before it recorded it: the claim lapses, the sweep gives the
    // delivery a new job, and the mail goes again under the same Message-ID, which the receiving server deduplicates.
    await sys.dataSource.query(
      `UPDATE email_deliveries SET status = 'sending', claimed_until = now() - interval '1 second' WHERE id = $1`, [first.id],
    );
    const sweep = sys.http.get(StuckEmailSweep);
    expect(await sweep.run()).toBe(1);
    expect(await sweep.run()).toBe(0);
    await waitFor(async () => (await deliveriesOf(e.accountId)).find((d) => d.id === first.id && d.status === 'sent'), 'the resend recorded');
    expect(copies()).toBe(3);
    expect(new Set(smtp.to('twice@enterprise.example.com').map((m) => m.messageId)).size).toBe(2);
    await sys.waitForIdle();
  });

  it('lists the deliveries for administrators, newest first, by status and page, and replays a failed one under the same Message-ID', async () => {
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const asAdmin = await login(server, admin.username);
    const reviewer = await createStaff(sys.dataSource, ['city_reviewer']);
    const asReviewer = await login(server, reviewer.username);
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asE = await login(server, e.username);
    // The receiver refuses this address for good (550) until it is healed below.
    await setEmail(asE, 'refused.then.healed@enterprise.example.com');
    const { id, caseNumber } = await submit(asE);
    const failed = await waitFor(async () => {
      const rows = await deliveriesOf(e.accountId);
      return rows.length >= 2 && rows.every((r) => r.status === 'failed') ? rows : null;
    }, 'the deliveries refused for good');
    await sys.waitForIdle();

    // Administrators only, the list and the replay alike.
    await api().get('/api/v1/email-deliveries').set('Authorization', asReviewer).expect(403);
    await api().post(`/api/v1/email-deliveries/${failed[0].id}/replay`).set('Authorization', asReviewer).expect(403);
    await api().get('/api/v1/email-deliveries').expect(401);

    // Bad filters are 400s naming the field.
    for (const [query, field] of [['status=dead', 'status'], ['limit=0', 'limit'], ['limit=501', 'limit'], ['offset=-1', 'offset'], ['limit=x', 'limit']]) {
      const refused = await api().get(`/api/v1/email-deliveries?${query}`).set('Authorization', asAdmin).expect(400);
      expect({ query, error: refused.body.error, fields: [...new Set(refused.body.fields.map((f: { field: string }) => f.field))] })
        .toEqual({ query, error: 'validation', fields: [field] });
    }

    // Newest first; the failed ones named by recipient, message and case, with the server's words.
    const all: Delivery[] = (await api().get('/api/v1/email-deliveries?limit=500').set('Authorization', asAdmin).expect(200)).body;
    const times = all.map((d) => d.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const failedList: Delivery[] = (await api().get('/api/v1/email-deliveries?status=failed&limit=500').set('Authorization', asAdmin).expect(200)).body;
    expect(failedList.length).toBeGreaterThanOrEqual(2);
    expect(failedList.every((d) => d.status === 'failed')).toBe(true);
    expect((await api().get('/api/v1/email-deliveries?status=sent&limit=500').set('Authorization', asAdmin).expect(200)).body
      .every((d: Delivery) => d.status === 'sent')).toBe(true);
    const mine = failedList.filter((d) => d.accountId === e.accountId);
    expect(mine.map((d) => d.id).sort()).toEqual(failed.map((d) => d.id).sort());
    const submitted = mine.find((d) => d.kind === 'case.submitted')!;
    expect(submitted).toMatchObject({
      username: e.username, recipient: 'refused.then.healed@enterprise.example.com', language: 'zh-CN', kind: 'case.submitted',
      subject: `[科技局] 案件 ${caseNumber}：申请已收到`, applicationId: id, caseNumber, status: 'failed', attempts: 1,
      lastError: expect.stringMatching(/^550 /), sentAt: null, nextAttemptAt: null,
    });
    expect(submitted.lastAttemptAt).not.toBeNull();

    // Pages: one at a time, in the same order, no row twice.
    const first = (await api().get('/api/v1/email-deliveries?status=failed&limit=1').set('Authorization', asAdmin).expect(200)).body;
    const second = (await api().get('/api/v1/email-deliveries?status=failed&limit=1&offset=1').set('Authorization', asAdmin).expect(200)).body;
    expect([...first, ...second].map((d: Delivery) => d.id)).toEqual(failedList.slice(0, 2).map((d) => d.id));

    // Unknown or malformed id: 404; the healed server takes the replayed mail, with the message's Message-ID.
    await api().post('/api/v1/email-deliveries/7b0c7c43-5d1b-4d8e-9a39-0a6f3f1e2b11/replay').set('Authorization', asAdmin).expect(404);
    expect((await api().post('/api/v1/email-deliveries/not-a-uuid/replay').set('Authorization', asAdmin).expect(404)).body)
      .toMatchObject({ statusCode: 404, error: 'not-found' });
    const refuse = (to: string, n: number) => (to.startsWith('flaky') && n < 3 ? 451 : to.startsWith('refused') ? 550 : 'accept');
    smtp.answerWith((to, n) => (to === 'refused.then.healed@enterprise.example.com' ? 'accept' : refuse(to, n)));
    try {
      const replayed = await api().post(`/api/v1/email-deliveries/${submitted.id}/replay`).set('Authorization', asAdmin).expect(200);
      expect(replayed.body).toMatchObject({ id: submitted.id, status: expect.stringMatching(/^(pending|sending|sent)$/) });
      const sent = await waitFor(async () => {
        const d = (await deliveriesOf(e.accountId)).find((r) => r.id === submitted.id);
        return d?.status === 'sent' ? d : null;
      }, 'the replayed mail sent');
      expect(sent).toMatchObject({ attempts: 1, last_error: null });
      const mails = smtp.to('refused.then.healed@enterprise.example.com');
      expect(mails.map((m) => m.messageId)).toEqual([`<notification-${submitted.notificationId}@bureau.example.gov.cn>`]);
      expect(mails[0].subject).toBe(submitted.subject);
      expect(mails[0].contentType).toBe('multipart/alternative');
    } finally {
      smtp.answerWith(refuse);
    }
    await sys.waitForIdle();

    // Only a failed one: a sent one is a 409 with the error body; the other failed one stays as it was.
    const again = await api().post(`/api/v1/email-deliveries/${submitted.id}/replay`).set('Authorization', asAdmin).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'conflict', message: expect.stringMatching(/failed/) });
    expect((await deliveriesOf(e.accountId)).filter((d) => d.status === 'failed')).toHaveLength(1);
    const listed: Delivery[] = (await api().get('/api/v1/email-deliveries?status=sent&limit=500').set('Authorization', asAdmin).expect(200)).body;
    expect(listed.find((d) => d.id === submitted.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: expect.any(String) });

    const audit: { action: string; actor_account_id: string }[] = await sys.dataSource.query(
      `SELECT action, actor_account_id FROM audit_log WHERE stream = $1 ORDER BY seq`, [`email-delivery:${submitted.id}`],
    );
    expect(audit).toEqual([{ action: 'email.replay', actor_account_id: admin.accountId }]);
  });

  it('documents the e-mail deliveries endpoints with their schemas and error codes', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths['/api/v1/email-deliveries'].get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(Object.keys(doc.paths['/api/v1/email-deliveries/{id}/replay'].post.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '409']));
  });
});

/** Where SMTP_URL is unset: no address may be set, and a delivery that exists all the same fails once, saying why. */
describe('e-mail not configured', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'email_off', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('refuses an address with 422 naming the field, and still lets one be removed', async () => {
    const e = await createEnterprise(sys.dataSource);
    const auth = await login(server, e.username);
    const refused = await api().patch('/api/v1/account/preferences').set('Authorization', auth).send({ email: 'someone@example.com' }).expect(422);
    expect(refused.body).toMatchObject({ statusCode: 422, error: 'email-not-configured', fields: [expect.objectContaining({ field: 'email' })] });
    expect((await api().patch('/api/v1/account/preferences').set('Authorization', auth).send({ email: null }).expect(200)).body).toEqual({ language: 'zh-CN', email: null, emailAvailable: false });
  });

  it('fails a delivery at its first try with the reason, without retrying', async () => {
    // An address left from when e-mail was configured.
    const e = await createEnterprise(sys.dataSource);
    await sys.dataSource.query('UPDATE accounts SET email = $2 WHERE id = $1', [e.accountId, 'left-over@example.com']);
    await api().post('/api/v1/applications').set('Authorization', await login(server, e.username)).send(VOUCHER).expect(201);
    await sys.waitForIdle();
    const rows: { status: string; attempts: number; last_error: string }[] = await waitFor(async () => {
      const r: { status: string; attempts: number; last_error: string }[] = await sys.dataSource.query(
        'SELECT status, attempts, last_error FROM email_deliveries WHERE account_id = $1', [e.accountId],
      );
      return r.length >= 2 && r.every((d) => d.status === 'failed') ? r : null;
    }, 'the deliveries failed');
    expect(rows.every((d) => d.attempts === 0 && /SMTP_URL unset/.test(d.last_error))).toBe(true);
    const [{ n }]: { n: string }[] = await sys.dataSource.query(`SELECT count(*) AS n FROM owed_jobs WHERE job_name = 'deliver-email'`);
    expect(Number(n)).toBe(0);
  });
});
