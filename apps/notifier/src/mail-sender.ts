import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { createTransport, Transporter } from 'nodemailer';

export type MailResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The same content as HTML: sent as multipart/alternative, the text first. */
  html: string;
  messageId: string;
}

/** An SMTP failure as nodemailer reports it: the server's reply code, when it answered one. */
interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** A limit on one try as a whole: the timeouts bound each wait, a server trickling bytes would not be. */
const TRY_LIMIT_TIMEOUTS = 5;

/**
 * Sends one mail over SMTP_URL with nodemailer (a connection per mail: a bureau's messages are few, and nothing
 * stays open to time out). A 5xx reply is permanent (the server refused the mail for good: RFC 5321 §4.2.1); a
 * 4xx reply, a refused or dropped connection or a timeout are worth another try. Never throws.
 */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** How long a try may take at most: a claim on a delivery lasts longer than this. */
  get tryLimitMs(): number {
    return this.config.mail.timeoutMs * TRY_LIMIT_TIMEOUTS;
  }

  private transporter(url: string): Transporter {
    const timeoutMs = this.config.mail.timeoutMs;
    this.transport ??= createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, dnsTimeout: timeoutMs });
    return this.transport;
  }

  async send(mail: OutgoingMail): Promise<MailResult> {
    const { smtpUrl, from } = this.config.mail;
    if (!smtpUrl || !from) return { ok: false, permanent: true, error: 'e-mail is not configured in this notifier (SMTP_URL unset)' };
    let timer: NodeJS.Timeout | undefined;
    try {
      const sent = this.transporter(smtpUrl).sendMail({
        from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId,
        // Marks it as a machine's message (RFC 3834): no out-of-office replies to a no-reply sender.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${this.tryLimitMs} ms`), { code: 'ETIMEDOUT' })), this.tryLimitMs);
      });
      await Promise.race([sent, limit]);
      return { ok: true };
    } catch (error) {
      const e = error as SmtpError;
      const code = e.responseCode;
      const permanent = (code !== undefined && code >= 500 && code < 600) || (code === undefined && e.code === 'EENVELOPE');
      const text = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim();
      const said = code !== undefined && !text.startsWith(String(code)) ? `${code} ${text}` : text;
      return { ok: false, permanent, error: (e.code && code === undefined ? `${e.code}: ${said}` : said).slice(0, 500) };
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
