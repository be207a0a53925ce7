import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { JobName } from '@app/contracts';
import { CaseStatus, DomainError, formatSystemReason } from '@app/domain';
import { appendAudit, caseRef, CaseTransitions, enqueue, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { FileObjectionDto, NoticeEntryDto, ObjectionDto, ResolveObjectionDto } from './notice.dto';
import { assertMayDecide } from '../tasks/decision-rule';
import { tellObjection } from './objection-messages';

/**
 * 公示: the public list of cases in notice, objections anyone may file within the period, and their
 * resolution. An open objection holds only its own case; the others end their notice as usual.
 */
@Injectable()
export class Notices {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly time: TimeSource,
  ) {}

  async list(): Promise<NoticeEntryDto[]> {
    const rows: {
      id: string;
      name: string;
      credit_code: string;
      program_code: string;
      year: number;
      amount_fen: string;
      notice_ends_at: Date;
    }[] = await this.dataSource.query(
      `SELECT a.id, e.name, e.credit_code, a.program_code, a.year, a.amount_fen, a.notice_ends_at
           FROM applications a JOIN enterprises e ON e.id = a.enterprise_id
          WHERE a.status = 'public_notice' ORDER BY a.notice_ends_at, a.id LIMIT 1000`,
    );
    return rows.map((r) => ({
      applicationId: r.id,
      enterpriseName: r.name,
      creditCode: r.credit_code,
      program: r.program_code,
      year: r.year,
      amountFen: Number(r.amount_fen),
      noticeEndsAt: r.notice_ends_at.toISOString(),
    }));
  }

  async file(applicationId: string, body: FileObjectionDto): Promise<{ id: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [app]: { status: string; notice_ends_at: Date | null }[] = await manager.query(
        'SELECT status, notice_ends_at FROM applications WHERE id = $1 FOR UPDATE',
        [applicationId],
      );
      // Only cases in their notice period are public: anything else is unknown to the public.
      if (!app || app.status !== 'public_notice' || !app.notice_ends_at)
        throw DomainError.notFound('case in public notice');
      if (app.notice_ends_at.getTime() <= this.time.now().getTime())
        throw DomainError.conflict('the notice period has ended');
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO objections (application_id, filed_by, contact, reason, status) VALUES ($1, $2, $3, $4, 'open') RETURNING id`,
        [applicationId, body.filedBy, body.contact, body.reason],
      );
      await appendAudit(manager, {
        stream: `application:${applicationId}`,
        actor: { accountId: null, role: 'public' },
        action: 'objection.filed',
        data: { objectionId: row.id },
        at: this.time.now(),
      });
      await tellObjection(manager, applicationId, row.id, body.reason);
      return row;
    });
  }

  async open(): Promise<ObjectionDto[]> {
    const rows: {
      id: string;
      application_id: string;
      filed_by: string;
      reason: string;
      status: string;
      resolution: string | null;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id, application_id, filed_by, reason, status, resolution, created_at FROM objections
          WHERE status = 'open' ORDER BY created_at LIMIT 500`,
    );
    return rows.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      filedBy: r.filed_by,
      reason: r.reason,
      status: r.status,
      resolution: r.resolution,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Upheld: the case is refused. Dismissed: when nothing else holds it and its period is over, it is approved. */
  async resolve(
    principal: Principal,
    objectionId: string,
    body: ResolveObjectionDto,
  ): Promise<{ status: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [objection]: { application_id: string }[] = await manager.query(
        'SELECT application_id FROM objections WHERE id = $1',
        [objectionId],
      );
      if (!objection) throw DomainError.notFound('objection');
      const [app]: { id: string; status: CaseStatus; version: number; program_version_id: string }[] =
        await manager.query(
          'SELECT id, status, version, program_version_id FROM applications WHERE id = $1 FOR UPDATE',
          [objection.application_id],
        );
      // Resolving is a decision on the case: whoever decided one of its steps may not (four eyes, conflict).
      await assertMayDecide(manager, principal, {
        applicationId: app.id,
        stage: 'objection',
        candidateRole: null,
        taskId: null,
        enteredTransitionId: null,
      });
      const resolved = await updateReturning(
        manager,
        `UPDATE objections SET status = $2, resolution = $3, resolved_by = $4, resolved_at = now()
          WHERE id = $1 AND status = 'open' RETURNING id`,
        [objectionId, body.upheld ? 'upheld' : 'dismissed', body.reason, principal.accountId],
      );
      if (!resolved.length) throw DomainError.conflict('the objection was resolved already');
      const actor = { accountId: principal.accountId, role: primaryRole(principal) };
      await appendAudit(manager, {
        stream: `application:${app.id}`,
        actor,
        action: body.upheld ? 'objection.upheld' : 'objection.dismissed',
        data: { objectionId, reason: body.reason },
        at: this.time.now(),
      });
      if (body.upheld && app.status === 'public_notice') {
        const result = await this.transitions.apply(manager, {
          application: caseRef(app),
          action: { type: 'refuse' },
          actor,
          reason: formatSystemReason({ code: 'objection-upheld', params: { reason: body.reason } }),
        });
        return { status: result.to };
      }
      // The notice may be over already: let the end-of-notice job look again now that this hold is gone.
      await enqueue(manager, { name: JobName.EndNotice, data: { applicationId: app.id } });
      return { status: app.status };
    });
  }
}
