import { ALL_QUEUES } from '@app/contracts';
import { makeUscc } from '@app/domain';
import { createBudgetPool, createEnterprise, createStaff, ensureWebBuilt, handInMaterials, login as apiLogin, startSmtpReceiver, startTestSystem, TEST_PASSWORD, TestSystem, waitFor, waitForTask } from '@app/testing';
import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { clickOrExplain, label, launchChromium, login, openPage, screenshot, seriousViolations, settled, WatchedPage } from './browser';

/**
 * The pages in Debian's Chromium against the whole system (real PostgreSQL and Redis): an enterprise registers,
 * applies with an upload and follows its case; a reviewer claims and approves it and returns another for 补正;
 * the enterprise answers; an administrator sees the dashboard change and exports the CSV; the public notice lists
 * a case without login; the same pages in English. Each journey ends with a screenshot (test-artifacts/browser)
 * and no error in the browser console; every page passes axe without a serious or critical violation.
 */
jest.setTimeout(600_000);

describe('the pages in a browser', () => {
  let sys: TestSystem;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let server: Parameters<typeof request>[0];
  let base: string;
  let browser: Browser;
  const password = 'browser-pass-1';
  const suffix = String(Date.now()).slice(-6);
  const enterpriseName = `闽江光电科技有限公司${suffix}`;
  const creditCode = makeUscc(`91350102MA${suffix}9`.slice(0, 17));
  let district: { username: string };
  let admin: { username: string };
  let firstCaseId = '';
  let firstCaseNumber = '';
  let secondCaseId = '';
  let taskId = '';
  let openBefore = 0;
  const opened: WatchedPage[] = [];

  const watched = async (mobile = false) => {
    const w = await openPage(browser, base, { mobile });
    opened.push(w);
    return w;
  };
  const noConsoleErrors = (w: WatchedPage) => expect(w.errors).toEqual([]);
  const statistic = async (page: Page, title: RegExp) =>
    Number((await page.locator('.ant-statistic', { has: page.locator('.ant-statistic-title', { hasText: title }) }).locator('.ant-statistic-content-value').innerText()).replace(/[^\d]/g, ''));

  beforeAll(async () => {
    ensureWebBuilt();
    // A real SMTP server on loopback, so the header offers the notification e-mail (it does only where mail is sent).
    smtp = await startSmtpReceiver();
    sys = await startTestSystem({
      label: 'browser', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@bureau.example.gov.cn' },
    });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    base = sys.running.url!;
    browser = await launchChromium();
    district = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    admin = await createStaff(sys.dataSource, ['administrator']);
    for (const year of [2024, 2025, new Date().getFullYear()]) await createBudgetPool(sys.dataSource, 'innovation-voucher', year, 1_000_000_000);
  });
  afterAll(async () => {
    for (const w of opened) await w.context.close().catch(() => undefined);
    await browser?.close();
    await sys?.stop();
    await smtp?.close();
  });

  it('the landing page loads React and its own code only: no antd, no application, no dashboard', async () => {
    const w = await watched();
    const scripts: string[] = [];
    w.page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await w.page.goto('/');
    await settled(w.page);
    await w.page.getByRole('heading', { level: 1, name: '科技补助申报与审核' }).waitFor();
    expect(scripts.some((p) => p.includes('/react-'))).toBe(true);
    expect(scripts.filter((p) => /\/(antd|app-libs|app|charts|admin-pages|public-pages)-/.test(p))).toEqual([]);
    // Its language switch, kept for the application; its links lead into the application.
    await w.page.getByRole('button', { name: 'English' }).click();
    await w.page.getByRole('heading', { level: 1, name: 'Science & Technology Subsidies' }).waitFor();
    expect(await w.page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('en');
    await w.page.getByRole('main').getByRole('link', { name: 'Calculator' }).click();
    await w.page.waitForURL(/\/calculator$/);
    await settled(w.page);
    await w.page.getByRole('button', { name: label('中文') }).waitFor();
    expect(scripts.some((p) => p.includes('/antd-'))).toBe(true);
    noConsoleErrors(w);
  });

  it('an administrator sees the dashboard before any case: nothing open', async () => {
    const w = await watched();
    await login(w.page, admin.username, TEST_PASSWORD);
    await w.page.goto('/admin');
    await settled(w.page);
    openBefore = await statistic(w.page, /在办/);
    expect(openBefore).toBe(0);
    // No case finished this year: the monthly chart is an empty state, not a blank 0–1 axis (in both languages).
    const year = new Date().getFullYear();
    await w.page.getByText(`${year}年尚无办结案件`).waitFor();
    expect(await w.page.locator('[aria-label^="限时办结率"][role="img"]').count()).toBe(0);
    await w.page.goto('/admin?lang=en');
    await settled(w.page);
    await w.page.getByText(`No case finished in ${year} yet`).waitFor();
    noConsoleErrors(w);
  });

  it('an administrator finds a failed e-mail on the e-mail page and sends it again', async () => {
    // A message to someone whose address the mail server refuses for good (550): the delivery fails at once.
    const reader = await createStaff(sys.dataSource, ['city_reviewer']);
    const address = `refused.${suffix}@bureau.example.gov.cn`;
    smtp.answerWith((to) => (to === address ? 550 : 'accept'));
    await sys.dataSource.query('UPDATE accounts SET email = $2 WHERE id = $1', [reader.accountId, address]);
    await sys.dataSource.query(
      `INSERT INTO notifications (account_id, source_id, kind, message) VALUES ($1, 'browser-email-replay', 'budget.short', '2024 年度科技创新券预算池余额不足。')`,
      [reader.accountId],
    );
    const statusOf = async () => ((await sys.dataSource.query('SELECT status FROM email_deliveries WHERE account_id = $1', [reader.accountId])) as { status: string }[])[0]?.status;
    await waitFor(async () => (await statusOf()) === 'failed', 'the mail refused');
    smtp.answerWith(() => 'accept');

    const w = await watched();
    const { page } = w;
    await login(page, admin.username, TEST_PASSWORD);
    await page.getByRole('link', { name: '邮件通知' }).click();
    await page.getByRole('heading', { level: 1, name: '邮件通知' }).waitFor();
    await settled(page);
    const row = page.getByRole('row').filter({ hasText: address });
    await row.getByText('发送失败').waitFor();
    await row.getByText(/^550 /).waitFor();
    await row.getByText('[科技局] 预算提醒').waitFor();
    await screenshot(page, '4d-admin-email-failed');
    await row.getByRole('button', { name: label('重新发送') }).click();
    await page.getByText('已重新排队发送').waitFor();
    await waitFor(async () => (await statusOf()) === 'sent', 'the mail sent again');
    expect(smtp.to(address)).toHaveLength(1);
    await page.reload();
    await settled(page);
    await row.getByText('已发送').waitFor();
    expect(await row.getByRole('button', { name: label('重新发送') }).count()).toBe(0);
    noConsoleErrors(w);
  });

  it('an enterprise registers, applies with an upload and sees its case on the timeline', async () => {
    const w = await watched(true);
    const { page } = w;
    await page.goto('/register');
    await page.getByLabel('统一社会信用代码').fill(creditCode);
    await page.getByLabel('企业名称').fill(enterpriseName);
    await page.getByLabel('科技型中小企业入库登记编号').fill(`TSME${suffix}01`);
    await page.getByLabel('密码').fill(password);
    await page.locator('form').getByRole('button', { name: '企业注册' }).click();
    await page.waitForURL('**/enterprise');
    await settled(page);
    await page.getByText('您还没有申报记录。').waitFor();

    await page.goto('/enterprise/apply');
    await settled(page);
    const item = (text: string) => page.locator('.ant-form-item', { has: page.locator('label', { hasText: new RegExp(`^${text}$`) }) });
    await item('创客').getByText('否', { exact: true }).click();
    await item('与服务机构存在关联关系').getByText('否', { exact: true }).click();
    await page.getByLabel('实际支付的研发服务费用').fill('100000');
    // The draft is kept on this device while typing.
    await waitFor(async () => (await page.evaluate(() => Object.keys((globalThis as unknown as { localStorage: object }).localStorage).filter((k) => k.startsWith('sf.draft.')).length)) > 0, 'the draft to be kept');
    await page.getByRole('button', { name: label('提交') }).click();
    await page.waitForURL(/\/enterprise\/cases\//);
    firstCaseId = page.url().split('/').pop()!;
    // Screening runs in the background; the page looks again until the case is accepted.
    await page.locator('[data-testid="case-status"]', { hasText: '受理' }).waitFor();
    await page.getByText('50,000.00 元').first().waitFor();
    // The page names the case by the number its messages name (the year and its number in the sequence of all cases).
    const [{ number }]: { number: string }[] = await sys.dataSource.query(
      `SELECT year || '-' || lpad(case_seq::text, 8, '0') AS number FROM applications WHERE id = $1`, [firstCaseId]);
    firstCaseNumber = number;
    await page.getByRole('heading', { name: `案件编号 ${number}` }).waitFor();

    await page.getByTestId('material-file').setInputFiles({ name: '申请表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await page.getByRole('button', { name: label('上传') }).click();
    await page.getByText('申请表.pdf').waitFor();
    await page.getByTestId('timeline').getByText('受理').waitFor();
    await page.getByText('承诺办结期限').waitFor();
    await screenshot(page, '1-enterprise-case');
    noConsoleErrors(w);
  });

  it('a reviewer claims and approves it, and returns another case for 补正 with a checklist', async () => {
    const asEnterprise = await apiLogin(server, creditCode, password);
    const second = await request(server).post('/api/v1/applications').set('Authorization', asEnterprise)
      .send({ program: 'innovation-voucher', year: 2025, facts: { serviceFeesFen: 6_000_000, relatedParty: false, isMaker: false } }).expect(201);
    secondCaseId = second.body.id;
    const asDistrict = await apiLogin(server, district.username);
    await waitForTask(server, asDistrict, firstCaseId, 'acceptance');
    await waitForTask(server, asDistrict, secondCaseId, 'acceptance');
    // The enterprise hands in the rest of what the version requires (the page's upload was tried in the first journey).
    await handInMaterials(sys.dataSource, firstCaseId);

    const w = await watched();
    const { page } = w;
    await login(page, district.username, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/review');
    const row = (amount: string) => page.getByRole('row').filter({ hasText: enterpriseName }).filter({ hasText: amount });
    // Two deadlines, named apart: the stage's own (its colour) and the case's promised one (the dashboard's 超期).
    await page.getByRole('columnheader', { name: '本环节办理期限' }).waitFor();
    await page.getByRole('columnheader', { name: '承诺办结期限' }).waitFor();
    await row('50,000.00').getByRole('button', { name: label('认领') }).click();
    await row('50,000.00').getByRole('link', { name: '审核决定' }).waitFor();
    await row('50,000.00').getByRole('link', { name: enterpriseName }).click();
    await page.waitForURL(/\/review\/tasks\//);
    taskId = page.url().split('/').pop()!;
    await settled(page);
    await page.getByText('申请表.pdf').waitFor();
    // The enterprise registered on the page, so its qualifications are declared: the reviewer verifies them first.
    const verify = page.getByRole('button', { name: '已核对证明材料，核验以上信息' });
    if (await verify.count()) {
      await verify.click();
      await verify.waitFor({ state: 'detached' });
    }
    await page.getByLabel('理由').fill('材料齐全，予以受理');
    await page.getByRole('button', { name: label('提交') }).click();
    await page.waitForURL((u) => u.pathname === '/review');
    await waitFor(async () => (await request(server).get(`/api/v1/applications/${firstCaseId}`).set('Authorization', asEnterprise)).body.status === 'formal_review', 'the first case to move on');

    await settled(page);
    await row('30,000.00').getByRole('button', { name: label('认领') }).click();
    await row('30,000.00').getByRole('link', { name: enterpriseName }).click();
    await page.waitForURL(/\/review\/tasks\//);
    await settled(page);
    await page.getByText('退回补正').click();
    await page.getByLabel('技术服务合同').check();
    await page.getByLabel('理由').fill('请补充技术服务合同');
    await screenshot(page, '2-reviewer-return');
    await page.getByRole('button', { name: label('提交') }).click();
    await page.waitForURL((u) => u.pathname === '/review');
    await settled(page);
    await screenshot(page, '2-reviewer-queue');
    noConsoleErrors(w);
  });

  it('the enterprise answers the 补正 and the case goes back to the stage that asked', async () => {
    const w = await watched(true);
    const { page } = w;
    await login(page, creditCode, password);
    await page.goto(`/enterprise/cases/${secondCaseId}`);
    await settled(page);
    await page.getByTestId('supplement-items').getByText('技术服务合同').waitFor();
    await page.getByText(/请于 .* 前补正/).waitFor();
    await page.getByLabel('补正说明').fill('已上传技术服务合同');
    await page.getByRole('button', { name: '提交补正' }).click();
    await page.locator('[data-testid="case-status"]', { hasText: '受理' }).waitFor();
    await screenshot(page, '3-enterprise-supplement-answered');
    noConsoleErrors(w);
  });

  it('an administrator sees the dashboard numbers change and exports the CSV', async () => {
    const w = await watched();
    const { page } = w;
    await login(page, admin.username, TEST_PASSWORD);
    await page.goto('/admin');
    await settled(page);
    await waitFor(async () => {
      await page.reload();
      await settled(page);
      return (await statistic(page, /在办/)) === openBefore + 2;
    }, 'the dashboard to count both open cases');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, row] = csv.split('\r\n');
    expect(header).toContain('onTimeRate');
    expect(row.split(',')[header.split(',').indexOf('open')]).toBe(String(openBefore + 2));
    await screenshot(page, '4-admin-dashboard');

    // Development only: the demo clock sixteen working days on; the open cases' promised 15 working days (the
    // case clock the dashboard counts) are then overdue, and it shows without a reload (every query refetched).
    const overdueBefore = await statistic(page, /^超期$/);
    const clock = page.getByTestId('demo-clock');
    await clock.getByLabel('快进数量').fill('16');
    await clock.getByRole('button', { name: /时间快进/ }).click();
    await page.getByText(/演示时钟已快进到/).waitFor();
    await waitFor(async () => (await statistic(page, /^超期$/)) > overdueBefore, 'the overdue count to rise after the clock moved', 60_000);
    // The overdue list names each case by its number (one enterprise's two cases differ by it alone).
    await page.getByRole('cell', { name: firstCaseNumber, exact: true }).first().waitFor();
    await screenshot(page, '4b-admin-dashboard-clock-moved');
    // Every reviewer is listed by the API's one request, including one who holds nothing now.
    await page.getByRole('tab', { name: '按审核员' }).click();
    await page.getByRole('cell', { name: district.username, exact: true }).waitFor();
    await screenshot(page, '4c-admin-dashboard-reviewers');
    noConsoleErrors(w);
  });

  it('the public notice page lists a case without login and takes an objection', async () => {
    const other = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asOther = await apiLogin(server, other.username);
    const b = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const city = await createStaff(sys.dataSource, ['city_reviewer']);
    const created = await request(server).post('/api/v1/applications').set('Authorization', asOther)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 8_000_000, relatedParty: false, isMaker: false } }).expect(201);
    const id = created.body.id;
    await handInMaterials(sys.dataSource, id);
    for (const [who, stage] of [[district.username, 'acceptance'], [b.username, 'formal_review'], [city.username, 'recheck']] as const) {
      const auth = await apiLogin(server, who);
      const task = await waitForTask(server, auth, id, stage);
      await request(server).post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth).send({ version: task.version, decision: 'approve', reason: '同意' }).expect(200);
    }
    await sys.waitForIdle();

    const w = await watched(true);
    const { page } = w;
    await page.goto('/notices');
    await settled(page);
    const row = page.getByRole('row').filter({ hasText: other.username });
    await row.getByText('40,000.00 元').waitFor();
    await row.getByRole('button', { name: '提出异议' }).click();
    await page.getByLabel('异议人').fill('张三');
    await page.getByLabel('联系方式').fill('13800000000');
    await page.getByLabel('理由', { exact: true }).fill('该企业服务合同存疑');
    await page.getByRole('button', { name: label('提交') }).click();
    await page.getByText('异议已提交').waitFor();
    await screenshot(page, '5-public-notice');
    noConsoleErrors(w);
  });

  it('an enterprise reads the rule trace in Chinese, rates its concluded case and sees the rating after a reload', async () => {
    const other = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asOther = await apiLogin(server, other.username);
    const created = await request(server).post('/api/v1/applications').set('Authorization', asOther)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false, isMaker: false } }).expect(201);
    const id = created.body.id;
    const auth = await apiLogin(server, district.username);
    const task = await waitForTask(server, auth, id, 'acceptance');
    await request(server).post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth).send({ version: task.version, decision: 'refuse', reason: '不符合条件' }).expect(200);
    await sys.waitForIdle();

    const w = await watched(true);
    const { page } = w;
    await login(page, other.username, TEST_PASSWORD);
    await page.goto(`/enterprise/cases/${id}`);
    await settled(page);
    // The trace in plain Chinese (the domain's English detail is read, not shown).
    await page.getByText('研发服务费 6万 × 50% = 3万。').waitFor();
    expect(await page.getByText(/of fees|bureau area/).count()).toBe(0);
    await page.getByLabel('评价', { exact: true }).fill('办理及时');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('rating-given').waitFor();
    await page.reload();
    await settled(page);
    expect(await page.getByTestId('rating-given').innerText()).toContain('办理及时');
    await screenshot(page, '5b-enterprise-rated');
    noConsoleErrors(w);
  });

  it('a reviewer sets a notification e-mail from the header: a bad address is refused under the field, a good one kept', async () => {
    const w = await watched();
    const { page } = w;
    await login(page, district.username, TEST_PASSWORD);
    await page.getByRole('button', { name: '通知邮箱' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('邮箱地址').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Not an address: the API's 400 names `email`, and the page says so under the field.
    await dialog.getByLabel('邮箱地址').fill('not-an-address');
    await clickOrExplain(page, dialog.getByRole('button', { name: label('保存') }), 'email-save-refused');
    await dialog.getByText('请输入有效的邮箱地址，例如 name@example.com。').waitFor();
    await screenshot(page, '5c-notification-email');
    await dialog.getByLabel('邮箱地址').fill('reviewer@bureau.example.gov.cn');
    await clickOrExplain(page, dialog.getByRole('button', { name: label('保存') }), 'email-save');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('通知邮箱已保存。').waitFor();
    const [row]: { email: string }[] = await sys.dataSource.query('SELECT email FROM accounts WHERE username = $1', [district.username]);
    expect(row.email).toBe('reviewer@bureau.example.gov.cn');
    // Opened again, it shows the address kept, and removes it.
    await page.getByRole('button', { name: '通知邮箱' }).click();
    expect(await dialog.getByLabel('邮箱地址').inputValue()).toBe('reviewer@bureau.example.gov.cn');
    await dialog.getByRole('button', { name: '删除邮箱' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => ((await sys.dataSource.query('SELECT email FROM accounts WHERE username = $1', [district.username])) as { email: string | null }[])[0].email === null, 'the address to be removed');
    // The browser logs the one refusal this journey asked for; nothing else.
    expect(w.errors.filter((e) => !/status of 400 .*\/api\/v1\/account\/preferences/.test(e))).toEqual([]);
  });

  it('shows the same pages in English after the switch', async () => {
    const w = await watched();
    const { page } = w;
    await page.goto('/notices');
    await settled(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Public notice' }).waitFor();
    await page.getByRole('columnheader', { name: 'Amount' }).waitFor();
    await screenshot(page, '6-en-notices');
    await login(page, creditCode, password);
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    // Logged in on English pages, the enterprise is told in English from now on (its account's message language).
    const [{ language }]: { language: string }[] = await sys.dataSource.query('SELECT language FROM accounts WHERE username = $1', [creditCode]);
    expect(language).toBe('en');
    await page.goto(`/enterprise/cases/${firstCaseId}`);
    await settled(page);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByText('¥50,000.00').first().waitFor();
    // The demo clock moved past the promised deadline: the case says by how much, and what the system wrote
    // (screening, the escalation) reads in English too.
    await page.getByText(/^\d+ working days? overdue$/).waitFor();
    await page.getByTestId('timeline').getByText(/^Screening: eligible/).waitFor();
    await page.getByTestId('timeline').getByText('Past the promised deadline: escalated to level 1, the section head.').waitFor();
    // Material kinds read by the English names their program version gives them (the file's own name as uploaded).
    await page.getByText('Innovation voucher subsidy application form: 申请表.pdf').waitFor();
    await page.getByText(/^Required materials: Innovation voucher subsidy application form, .*Technical service contract, /).waitFor();
    await screenshot(page, '6-en-enterprise-case');
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, district.username, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Task queue' }).waitFor();
    await screenshot(page, '6-en-reviewer-queue');
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, admin.username, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'SLA dashboard' }).waitFor();
    await page.getByText('On-time rate').first().waitFor();
    await screenshot(page, '6-en-admin-dashboard');
    // The header's switch, while logged in, takes the account's message language along.
    const languageOf = async (username: string) =>
      ((await sys.dataSource.query('SELECT language FROM accounts WHERE username = $1', [username])) as { language: string }[])[0].language;
    expect(await languageOf(admin.username)).toBe('en');
    // antd spaces a two-character Chinese label (中 文).
    await page.getByRole('button', { name: /^中 ?文$/ }).click();
    await waitFor(async () => (await languageOf(admin.username)) === 'zh-CN', 'the message language to follow the page');
    noConsoleErrors(w);
  });

  /** axe on each page of a group (Chinese; the main pages in English too), and no console error meanwhile. */
  const accessible = (group: string, who: () => Promise<[string, string] | null>, urls: () => string[], english: (u: string) => boolean) =>
    it(`has no serious or critical accessibility violation on the ${group} pages`, async () => {
      const found: string[] = [];
      const account = await who();
      for (const language of ['zh', 'en']) {
        const targets = urls().filter((u) => language === 'zh' || english(u));
        if (targets.length === 0) continue;
        const w = await watched();
        await w.page.addInitScript(`localStorage.setItem('sf.language', '${language}')`);
        if (account) await login(w.page, account[0], account[1]);
        for (const url of targets) {
          await w.page.goto(url);
          await settled(w.page);
          for (const v of await seriousViolations(w.page)) found.push(`${language} ${url}: ${v}`);
        }
        found.push(...w.errors.map((e) => `${language} console: ${e}`));
        await w.context.close();
      }
      expect(found).toEqual([]);
    });
  const staff = (roles: Parameters<typeof createStaff>[1], region: string | null = null) => async (): Promise<[string, string]> =>
    [(await createStaff(sys.dataSource, roles, region)).username, TEST_PASSWORD];

  accessible('public', async () => null, () => ['/', '/login', '/register', '/activate', '/calculator', '/notices'], (u) => u === '/' || u === '/notices');
  accessible('enterprise', async () => [creditCode, password],
    () => ['/enterprise', '/enterprise/apply', `/enterprise/cases/${firstCaseId}`, `/enterprise/cases/${secondCaseId}`, '/enterprise/inbox'], (u) => u.includes('/cases/'));
  accessible('reviewer', async () => [district.username, TEST_PASSWORD], () => ['/review', `/review/tasks/${taskId}`], (u) => u === '/review');
  accessible('city reviewer, director and expert', staff(['city_reviewer', 'director', 'expert']), () => ['/review/objections', '/review/director', '/review/experts'], () => false);
  accessible('administrator', async () => [admin.username, TEST_PASSWORD],
    () => ['/admin', '/admin/budgets', '/admin/programs', '/admin/calendar', '/admin/imports', '/admin/disbursements', '/admin/webhooks', '/admin/email-deliveries'], (u) => u === '/admin' || u === '/admin/email-deliveries');
  accessible('auditor', staff(['auditor']), () => ['/audit'], () => false);
});
