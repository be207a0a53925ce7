import { emailContent, EmailFacts, emailMessageId } from './email-content';

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

describe('emailMessageId', () => {
  it('is the notification at the sender’s domain, whatever the sender’s display name', () => {
    expect(emailMessageId('n-1', 'noreply@bureau.example')).toBe('<notification-n-1@bureau.example>');
    expect(emailMessageId('n-1', '科技局 <noreply@bureau.example>')).toBe('<notification-n-1@bureau.example>');
    expect(emailMessageId('n-1', 'nobody')).toBe('<notification-n-1@subsidy-flow.invalid>');
  });
});
