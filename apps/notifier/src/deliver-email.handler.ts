import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError, emailContent, emailMessageId } from '@app/domain';
import { enqueue, updateReturning } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { MailSender } from './mail-sender';

/** A claim on a delivery outlasts the longest try by this factor, so a claim only lapses when its holder is gone. */
const CLAIM_TRIES = 2;

interface MailRow {
  notification_id: string | null;
  kind: string;
  message: string;
  application_id: string | null;
  year: number | null;
  case_seq: string | null;
  task_id: string | null;
  email: string | null;
  language: string;
  enterprise_id: string | null;
  roles: string[];
}

/**
 * Sends one message by e-mail. The row in PostgreSQL is the truth: a try begins with a compare-and-set claim
 * (pending → sending until a moment beyond the longest try), so of two notifiers holding the job only one sends,
 * and ends with a compare-and-set on the claim's try number. A failed try schedules the next through the outbox
 * (backoff from MAIL_BACKOFF_MS, doubling), a 5xx refusal or the last try fails the delivery with its error. A
 * notifier that died mid-try leaves the claim to lapse; the sweep hands the delivery a new job, and the resend
 * carries the same Message-ID, which receiving servers recognise. The mail is sent outside any transaction.
 */
@Injectable()
export class DeliverEmailHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: MailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnJob(JobName.DeliverEmail)
  async handle(data: JobPayloads[JobName.DeliverEmail]): Promise<string> {
    const [delivery]: { status: string }[] = await this.dataSource.query('SELECT status FROM email_deliveries WHERE id = $1', [data.deliveryId]);
    if (!delivery) throw DomainError.notFound(`e-mail delivery ${data.deliveryId}`);
    if (delivery.status !== 'pending' && delivery.status !== 'sending') return `already ${delivery.status}`;
    const { smtpUrl, from, maxAttempts, backoffMs } = this.config.mail;
    if (!smtpUrl || !from) {
      // Retrying would only fail again until someone configures it; an address set meanwhile gets later messages.
      const rows = await updateReturning(
        this.dataSource,
        `UPDATE email_deliveries SET status = 'failed', next_attempt_at = NULL, claimed_until = NULL, last_attempt_at = now(),
                last_error = 'e-mail is not configured in this notifier (SMTP_URL unset)'
          WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_until < now())) RETURNING id`,
        [data.deliveryId],
      );
      return rows.length ? 'failed: SMTP_URL unset' : 'claimed by another run';
    }

    const [claim] = await updateReturning<{ attempts: number }>(
      this.dataSource,
      `UPDATE email_deliveries SET status = 'sending', attempts = attempts + 1, last_attempt_at = now(),
              claimed_until = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_until < now())) RETURNING attempts`,
      [data.deliveryId, this.sender.tryLimitMs * CLAIM_TRIES],
    );
    if (!claim) return 'claimed by another run';
    const attempt = claim.attempts;

    const [mail]: MailRow[] = await this.dataSource.query(
      `SELECT n.id AS notification_id, n.kind, n.message, n.application_id, a.year, a.case_seq, t.id AS task_id,
              acc.email, acc.language, acc.enterprise_id, acc.roles
         FROM email_deliveries d
         JOIN accounts acc ON acc.id = d.account_id
         LEFT JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN applications a ON a.id = n.application_id
         LEFT JOIN review_tasks t ON n.kind = 'task.created' AND t.id::text = n.source_id
        WHERE d.id = $1`,
      [data.deliveryId],
    );
    const record = (sql: string, params: unknown[] = []) =>
      updateReturning(this.dataSource, `${sql} WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`, [data.deliveryId, attempt, ...params]);
    if (!mail?.email || !mail.notification_id) {
      // The person removed the address (or the message is gone) since: nothing to send to.
      const rows = await record(`UPDATE email_deliveries SET status = 'cancelled', claimed_until = NULL, next_attempt_at = NULL`);
      return rows.length ? 'cancelled: no address any more' : 'recorded by another run';
    }

    const content = emailContent({
      kind: mail.kind, message: mail.message, language: mail.language,
      caseRef: mail.application_id && mail.year !== null ? { applicationId: mail.application_id, year: mail.year, seq: mail.case_seq } : null,
      enterprise: mail.enterprise_id !== null, roles: mail.roles, taskId: mail.task_id, publicUrl: this.config.publicUrl,
    });
    const result = await this.sender.send({
      to: mail.email, subject: content.subject, text: content.text, html: content.html, messageId: emailMessageId(mail.notification_id, from),
    });

    if (result.ok) {
      const rows = await record(`UPDATE email_deliveries SET status = 'sent', sent_at = now(), claimed_until = NULL, next_attempt_at = NULL, last_error = NULL`);
      return rows.length ? `sent on try ${attempt}` : 'recorded by another run';
    }
    if (result.permanent || attempt >= maxAttempts) {
      const rows = await record(`UPDATE email_deliveries SET status = 'failed', claimed_until = NULL, next_attempt_at = NULL, last_error = $3`, [result.error]);
      const why = result.permanent ? 'refused for good' : `after ${attempt} tries`;
      return rows.length ? `failed ${why}: ${result.error}` : 'recorded by another run';
    }
    const next = new Date(Date.now() + backoffMs * 2 ** (attempt - 1));
    return this.dataSource.transaction(async (manager) => {
      const rows = await updateReturning(
        manager,
        `UPDATE email_deliveries SET status = 'pending', claimed_until = NULL, next_attempt_at = $3, last_error = $4
          WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
        [data.deliveryId, attempt, next, result.error],
      );
      if (!rows.length) return 'recorded by another run';
      await enqueue(manager, { name: JobName.DeliverEmail, data: { deliveryId: data.deliveryId } }, next);
      return `try ${attempt} failed (${result.error}); next at ${next.toISOString()}`;
    });
  }
}
