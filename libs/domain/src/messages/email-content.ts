import { caseNumber } from './catalogue';
import { EN as EN_MESSAGES } from './en';
import { ZH_CN } from './zh-CN';

/** What one message's e-mail is made of, as read back when it is sent. */
export interface EmailFacts {
  /** The in-app message's kind (`case.public_notice`, `task.created`, `sla.red`…) and text, already in the reader's language. */
  kind: string;
  message: string;
  /** The recipient's `accounts.language`. */
  language: string;
  /** The case the message is about: id, fiscal year and number in the sequence (null: not about a case). */
  caseRef: { applicationId: string; year: number; seq: string | null } | null;
  /** The recipient: an enterprise's account, or staff with their roles. */
  enterprise: boolean;
  roles: readonly string[];
  /** The review task the message is about, when it is one (a new task's message). */
  taskId: string | null;
  /** The pages' address (PUBLIC_URL, no trailing slash); null: no link. */
  publicUrl: string | null;
}

export interface EmailContent {
  subject: string;
  text: string;
  /** The same content as an HTML alternative: the message, the case number, the link as a real <a>, in the reader's language. */
  html: string;
  /** The page the mail points to (null without PUBLIC_URL). */
  link: string | null;
}

type Words = {
  prefix: string;
  caseSubject: (number: string, title: string) => string;
  titles: Record<string, string>;
  /** A case entering a state: the state's name (the messages' own catalogue). */
  status: (status: string) => string;
  /** Kinds named by their prefix: `sla.escalation…`, `budget.…`. */
  escalation: string;
  budget: string;
  fallback: string;
  linkTo: { case: string; task: string; inbox: string; work: string };
  footer: string;
  /** The HTML part's `lang` and how it labels the case number. */
  lang: string;
  caseNumber: string;
};

const ZH: Words = {
  prefix: '[科技局]',
  caseSubject: (number, title) => `案件 ${number}：${title}`,
  titles: {
    'case.submitted': '申请已收到',
    'task.created': '新的待办任务',
    'decided.approved': '您经办的案件已办结',
    'decided.refused': '您经办的案件未予通过',
    'sla.yellow': '时限预警（黄灯）',
    'sla.red': '已超期（红灯）',
    'objection.filed': '公示期间收到异议',
    'case.pro-rata-reduced': '补助金额按比例核减',
    'rating.rectification': '差评整改回访',
    'panel.unfilled': '专家评审组无法组成',
    'routing.unstaffed': '任务无人可办',
  },
  status: (status) => `进入“${ZH_CN.stage(status)}”`,
  escalation: '超期升级督办',
  budget: '预算提醒',
  fallback: '新消息',
  linkTo: { case: '查看案件', task: '办理待办任务', inbox: '查看消息', work: '登录系统查看' },
  footer: '本邮件由科技局补助系统自动发送，请勿直接回复。如不再需要邮件通知，可在系统右上角的“通知邮箱”中修改或删除邮箱地址。',
  lang: 'zh-CN',
  caseNumber: '案件编号',
};

const EN: Words = {
  prefix: '[S&T Bureau]',
  caseSubject: (number, title) => `Case ${number}: ${title}`,
  titles: {
    'case.submitted': 'application received',
    'task.created': 'a new task for you',
    'decided.approved': 'a case you decided was approved',
    'decided.refused': 'a case you decided was refused',
    'sla.yellow': 'deadline close (yellow)',
    'sla.red': 'deadline passed (red)',
    'objection.filed': 'objection filed during the public notice',
    'case.pro-rata-reduced': 'amount reduced pro rata',
    'rating.rectification': 'poor rating to follow up',
    'panel.unfilled': 'expert panel cannot be formed',
    'routing.unstaffed': 'a task nobody can take',
  },
  status: (status) => `now in ${EN_MESSAGES.stage(status)}`,
  escalation: 'overdue and escalated',
  budget: 'budget alert',
  fallback: 'a new message',
  linkTo: { case: 'Open the case', task: 'Open the task', inbox: 'Open your messages', work: 'Open the system' },
  footer: 'Sent automatically by the S&T Bureau\'s subsidy system; please do not reply. To stop these e-mails, change or remove the address under "Notification e-mail" at the top right of the system.',
  lang: 'en',
  caseNumber: 'Case number',
};

/** The states a case enters that have a name of their own (a `case.<state>` message). */
const STATUSES = new Set([
  'submitted', 'acceptance', 'formal_review', 'expert_review', 'recheck', 'supplement', 'public_notice', 'approved', 'paid',
  'refused', 'withdrawn', 'awaiting_confirmation', 'declined', 'lapsed', 'enterprise_confirmation', 'disbursement',
]);

function title(words: Words, kind: string): string {
  if (words.titles[kind]) return words.titles[kind];
  if (kind.startsWith('sla.escalation')) return words.escalation;
  if (kind.startsWith('budget.')) return words.budget;
  const status = kind.startsWith('case.') ? kind.slice('case.'.length) : null;
  if (status && STATUSES.has(status)) return words.status(status);
  return words.fallback;
}

/** Where a staff member starts (the web's homeOf): the page from which their message's work is reached. */
function workPage(roles: readonly string[]): string {
  if (roles.includes('administrator')) return '/admin';
  if (roles.includes('auditor')) return '/audit';
  if (roles.includes('director')) return '/review/director';
  if (roles.includes('expert') && !roles.some((r) => r.endsWith('_reviewer'))) return '/review/experts';
  return '/review';
}

/** The page the message points to, and how the mail names it. */
function target(f: EmailFacts): { path: string; label: keyof Words['linkTo'] } {
  if (f.enterprise) {
    return f.caseRef ? { path: `/enterprise/cases/${f.caseRef.applicationId}`, label: 'case' } : { path: '/enterprise/inbox', label: 'inbox' };
  }
  if (f.taskId) return { path: `/review/tasks/${f.taskId}`, label: 'task' };
  // A new task that is no review task is an expert's seat: the experts' page lists it.
  if (f.kind === 'task.created') return { path: '/review/experts', label: 'task' };
  return { path: workPage(f.roles), label: 'work' };
}

const wordsFor = (language: string): Words => (language === 'en' ? EN : ZH);

/** The subject of a message's e-mail: the bureau, the case number when the message is about a case, what happened. */
export function emailSubject(f: Pick<EmailFacts, 'kind' | 'language' | 'caseRef'>): string {
  const words = wordsFor(f.language);
  const what = title(words, f.kind);
  return f.caseRef
    ? `${words.prefix} ${words.caseSubject(caseNumber(f.caseRef.year, f.caseRef.applicationId, f.caseRef.seq), what)}`
    : `${words.prefix} ${words === EN ? what.charAt(0).toUpperCase() + what.slice(1) : what}`;
}

/**
 * The e-mail of an in-app message: a short subject in the reader's language (`emailSubject`), and the message itself
 * with a link to where it is acted on — the case for an enterprise, the task (or the reviewer's start page) for staff
 * — when the pages' address is known; as plain text and as an HTML alternative of the same content.
 */
export function emailContent(f: EmailFacts): EmailContent {
  const words = wordsFor(f.language);
  const subject = emailSubject(f);
  const to = target(f);
  const link = f.publicUrl ? `${f.publicUrl}${to.path}` : null;
  const lines = [f.message, ''];
  if (link) lines.push(`${words.linkTo[to.label]}${words === ZH ? '：' : ': '}${link}`, '');
  lines.push('--', words.footer);
  const number = f.caseRef ? caseNumber(f.caseRef.year, f.caseRef.applicationId, f.caseRef.seq) : null;
  const html = emailHtml(words, subject, f.message, number, link ? { href: link, label: words.linkTo[to.label] } : null);
  return { subject, text: `${lines.join('\n')}\n`, html, link };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: safe in an element's content and in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The HTML alternative: one column, the reader's language in `lang`, real text (no images), the message's lines as
 * they are, the case number, the link as an underlined <a> naming where it goes, the footer set apart. Inline styles
 * only: mail readers drop style sheets.
 */
function emailHtml(words: Words, subject: string, message: string, number: string | null, link: { href: string; label: string } | null): string {
  const paragraph = (content: string, style = '') => `<p style="margin:0 0 16px${style}">${content}</p>`;
  const parts = [paragraph(escapeHtml(message).replace(/\r?\n/g, '<br>'))];
  if (number) parts.push(paragraph(`${escapeHtml(words.caseNumber)}${words === ZH ? '：' : ': '}<strong>${escapeHtml(number)}</strong>`));
  if (link) parts.push(paragraph(`<a href="${escapeHtml(link.href)}" style="color:#0b57d0;text-decoration:underline">${escapeHtml(link.label)}</a>`));
  parts.push(`<hr style="border:none;border-top:1px solid #d9d9d9;margin:24px 0 16px">`);
  parts.push(paragraph(escapeHtml(words.footer), ';font-size:14px;color:#595959'));
  return [
    '<!DOCTYPE html>',
    `<html lang="${words.lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#ffffff;color:#1f1f1f;font-family:-apple-system,\'Segoe UI\',\'PingFang SC\',\'Microsoft YaHei\',sans-serif;font-size:16px;line-height:1.6">',
    `<div role="article" aria-label="${escapeHtml(subject)}" lang="${words.lang}" style="max-width:600px;margin:0 auto">`,
    ...parts,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The Message-ID of a message's e-mail: the notification's id at the sender's domain, the same at every try, so a
 * resend after a crash (sent, but not yet recorded) is recognised as the same mail by the receiving servers.
 */
export function emailMessageId(notificationId: string, from: string): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(from)?.[1] ?? 'subsidy-flow.invalid';
  return `<notification-${notificationId}@${domain}>`;
}
