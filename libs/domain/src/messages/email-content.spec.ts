import { emailContent, EmailFacts, emailMessageId, emailSubject, escapeHtml } from './email-content';

const CASE = { applicationId: '0195f3a2-7c1e-7d4a-9b2c-1234567890ab', year: 2026, seq: '42' };
const base: EmailFacts = {
  kind: 'case.public_notice', message: '某公司的科技创新券补助申请（案件编号 2026-00000042）已进入公示，公示期至 2026-05-20。',
  language: 'zh-CN', caseRef: CASE, enterprise: true, roles: ['enterprise'], taskId: null, publicUrl: 'https://subsidies.example.gov.cn',
};

describe('emailContent', () => {
  it('gives an enterprise a Chinese subject with the case number and the state, the message, and a link to its case', () => {
    const mail = emailContent(base);
    expect(mail.subject).toBe('[科技局] 案件 2026-00000042：进入“公示”');
    expect(mail.link).toBe(`https://subsidies.example.gov.cn/enterprise/cases/${CASE.applicationId}`);
    expect(mail.text).toContain(base.message);
    expect(mail.text).toContain(`查看案件：${mail.link}`);
    expect(mail.text).toMatch(/请勿直接回复/);
  });

  it('speaks English to a reader who prefers it', () => {
    const mail = emailContent({ ...base, language: 'en', message: 'ACME Ltd\'s application (case 2026-00000042) is in public notice (公示).' });
    expect(mail.subject).toBe('[S&T Bureau] Case 2026-00000042: now in public notice (公示)');
    expect(mail.text).toContain(`Open the case: ${mail.link}`);
    expect(mail.text).toMatch(/please do not reply/);
    expect(mail.text).not.toMatch(/查看案件|请勿/);
  });

  it('points a reviewer to the task, an expert to the experts’ page, other staff to where they start', () => {
    const task = emailContent({ ...base, kind: 'task.created', enterprise: false, roles: ['district_reviewer'], taskId: 'abc' });
    expect(task.subject).toBe('[科技局] 案件 2026-00000042：新的待办任务');
    expect(task.link).toBe('https://subsidies.example.gov.cn/review/tasks/abc');
    expect(task.text).toContain('办理待办任务：');
    expect(emailContent({ ...base, kind: 'task.created', enterprise: false, roles: ['expert'] }).link).toBe('https://subsidies.example.gov.cn/review/experts');
    expect(emailContent({ ...base, kind: 'sla.red', enterprise: false, roles: ['city_reviewer'], language: 'en' })).toMatchObject({
      subject: '[S&T Bureau] Case 2026-00000042: deadline passed (red)', link: 'https://subsidies.example.gov.cn/review',
    });
    expect(emailContent({ ...base, kind: 'budget.short', caseRef: null, enterprise: false, roles: ['administrator'], language: 'en' })).toMatchObject({
      subject: '[S&T Bureau] Budget alert', link: 'https://subsidies.example.gov.cn/admin',
    });
  });

  it('says what it can of any kind, and has no case number for a message about no case', () => {
    expect(emailContent({ ...base, kind: 'sla.escalation-2' }).subject).toBe('[科技局] 案件 2026-00000042：超期升级督办');
    expect(emailContent({ ...base, kind: 'something.new' }).subject).toBe('[科技局] 案件 2026-00000042：新消息');
    expect(emailContent({ ...base, kind: 'something.new', caseRef: null, language: 'en' }).subject).toBe('[S&T Bureau] A new message');
    // A case from before the sequence keeps the number it was told: its id's first hex digits.
    expect(emailContent({ ...base, caseRef: { ...CASE, seq: null } }).subject).toContain('2026-0195F3A2');
    expect(emailContent({ ...base, caseRef: null }).link).toBe('https://subsidies.example.gov.cn/enterprise/inbox');
  });

  it('carries no link without the pages’ address', () => {
    const mail = emailContent({ ...base, publicUrl: null });
    expect(mail.link).toBeNull();
    expect(mail.text).not.toMatch(/https?:|查看案件/);
    expect(mail.text.startsWith(base.message)).toBe(true);
  });
});

describe('emailContent: the HTML alternative', () => {
  const tricky = 'R&D <Lab> "Quotes" O\'Brien 有限公司';

  it('is the same content in the reader’s language: the message, the case number, the link as a real <a>, the footer', () => {
    const mail = emailContent(base);
    expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toContain(`<title>${mail.subject}</title>`);
    expect(mail.html).toContain(base.message);
    expect(mail.html).toContain('案件编号：<strong>2026-00000042</strong>');
    expect(mail.html).toContain(`<a href="${mail.link}" style="color:#0b57d0;text-decoration:underline">查看案件</a>`);
    expect(mail.html).toMatch(/请勿直接回复/);

    const en = emailContent({ ...base, language: 'en', kind: 'task.created', enterprise: false, roles: ['district_reviewer'], taskId: 'abc' });
    expect(en.html).toMatch(/<html lang="en">/);
    expect(en.html).toContain('Case number: <strong>2026-00000042</strong>');
    expect(en.html).toContain('<a href="https://subsidies.example.gov.cn/review/tasks/abc" style="color:#0b57d0;text-decoration:underline">Open the task</a>');
    expect(en.html).not.toMatch(/查看|请勿/);
  });

  it('escapes <, &, and quotes of an enterprise’s name in the message, and keeps the message’s lines', () => {
    const message = `${tricky}的申请已进入公示。\n公示期至 2026-05-20。`;
    const mail = emailContent({ ...base, message });
    expect(mail.html).toContain('R&amp;D &lt;Lab&gt; &quot;Quotes&quot; O&#39;Brien 有限公司的申请已进入公示。<br>公示期至 2026-05-20。');
    expect(mail.html).not.toContain('<Lab>');
    expect(mail.html).not.toContain('R&D');
    // The text part is as before: the message as it is.
    expect(mail.text.startsWith(`${message}\n\n查看案件：`)).toBe(true);
  });

  it('escapes what goes into an attribute, and has neither case number nor link when there is none', () => {
    const mail = emailContent({ ...base, caseRef: null, publicUrl: 'https://example.gov.cn/a"b<c>&d', kind: 'budget.short', enterprise: false, roles: ['administrator'] });
    expect(mail.html).toContain('<a href="https://example.gov.cn/a&quot;b&lt;c&gt;&amp;d/admin"');
    expect(mail.html).not.toContain('<strong>');
    const bare = emailContent({ ...base, publicUrl: null });
    expect(bare.html).not.toMatch(/<a /);
    expect(bare.html).toContain('案件编号：');
  });

  it('escapes each of the five characters HTML gives a meaning to, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> 中文`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; 中文');
  });
});

describe('emailSubject', () => {
  it('is the subject of the mail', () => {
    expect(emailSubject(base)).toBe(emailContent(base).subject);
    expect(emailSubject({ kind: 'budget.short', language: 'en', caseRef: null })).toBe('[S&T Bureau] Budget alert');
  });
});

describe('emailMessageId', () => {
  it('is the notification at the sender’s domain, whatever the sender’s display name', () => {
    expect(emailMessageId('n-1', 'noreply@bureau.example')).toBe('<notification-n-1@bureau.example>');
    expect(emailMessageId('n-1', '科技局 <noreply@bureau.example>')).toBe('<notification-n-1@bureau.example>');
    expect(emailMessageId('n-1', 'nobody')).toBe('<notification-n-1@subsidy-flow.invalid>');
  });
});
