import { Injectable } from '@nestjs/common';
import { caseNumber, DomainError, emailSubject } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { EmailDeliveryDto, EmailDeliveryQuery } from './email-delivery.dto';

interface EmailDeliveryRow {
  id: string;
  notification_id: string;
  account_id: string;
  username: string;
  email: string | null;
  language: string;
  kind: string | null;
  application_id: string | null;
  year: number | null;
  case_seq: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toEmailDeliveryDto(r: EmailDeliveryRow): EmailDeliveryDto {
  const caseRef = r.application_id && r.year !== null ? { applicationId: r.application_id, year: r.year, seq: r.case_seq } : null;
  return {
    id: r.id, notificationId: r.notification_id, accountId: r.account_id, username: r.username, recipient: r.email, language: r.language,
    kind: r.kind, subject: r.kind === null ? null : emailSubject({ kind: r.kind, language: r.language, caseRef }),
    applicationId: r.application_id, caseNumber: caseRef && caseNumber(caseRef.year, caseRef.applicationId, caseRef.seq),
    status: r.status, attempts: r.attempts, lastError: r.last_error, lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: iso(r.next_attempt_at), sentAt: iso(r.sent_at), createdAt: r.created_at.toISOString(),
  };
}

/** The delivery with what names it: the recipient's account and address now, the message's kind and case. */
const SELECT = `SELECT d.id, d.notification_id, d.account_id, acc.username, acc.email, acc.language, n.kind, n.application_id,
       a.year, a.case_seq, d.status, d.attempts, d.last_error, d.last_attempt_at, d.next_attempt_at, d.sent_at, d.created_at
  FROM email_deliveries d
  JOIN accounts acc ON acc.id = d.account_id
  LEFT JOIN notifications n ON n.id = d.notification_id
  LEFT JOIN applications a ON a.id = n.application_id`;

/** What administrators see of e-mail deliveries (the failed ones to replay among them). */
@Injectable()
export class EmailDeliveryReader {
  constructor(private readonly dataSource: DataSource) {}

  async deliveries(query: EmailDeliveryQuery): Promise<EmailDeliveryDto[]> {
    const params: unknown[] = [];
    const where = query.status ? `WHERE d.status = $${params.push(query.status)}` : '';
    const rows: EmailDeliveryRow[] = await this.dataSource.query(
      `${SELECT} ${where} ORDER BY d.created_at DESC, d.id DESC
        LIMIT $${params.push(query.limit ?? 50)} OFFSET $${params.push(query.offset ?? 0)}`,
      params,
    );
    return rows.map(toEmailDeliveryDto);
  }

  async delivery(id: string, manager: EntityManager | DataSource = this.dataSource): Promise<EmailDeliveryDto> {
    const rows: EmailDeliveryRow[] = await manager.query(`${SELECT} WHERE d.id = $1`, [id]);
    if (!rows[0]) throw DomainError.notFound('e-mail delivery');
    return toEmailDeliveryDto(rows[0]);
  }
}
