import { Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { auditRefusedAccess, caseScope, Language, Principal, primaryRole, TooManyAttempts } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { acceptedMaterialKinds, DomainError } from '@app/domain';
import { appendAudit, ProgramCatalog, TimeSource } from '@app/persistence';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { MaterialDto } from './material.dto';
import { sniffContentType } from './sniff-content-type';

/** The largest upload accepted (also the multipart limit: past it the answer is a 413). */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;

/** States in which an enterprise may still hand in materials. */
const OPEN_FOR_MATERIALS = [
  'submitted',
  'acceptance',
  'formal_review',
  'recheck',
  'supplement',
  'awaiting_confirmation',
];

interface Row {
  id: string;
  application_id: string;
  kind: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

const COLUMNS =
  'm.id, m.application_id, m.kind, m.file_name, m.content_type, m.size_bytes, m.sha256, m.created_at';

/** 申报材料: the enterprise uploads to its own case; the case's readers list and download them. */
@Injectable()
export class Materials {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: ProgramCatalog,
  ) {}

  async upload(
    principal: Principal,
    applicationId: string,
    kind: string,
    file: { buffer: Buffer; originalname: string },
    language: Language = 'zh-CN',
  ): Promise<MaterialDto> {
    const contentType = sniffContentType(file.buffer);
    if (!contentType)
      throw DomainError.invalid([{ field: 'file', message: 'must be a PDF, JPEG, PNG or OFD document' }]);
    const limits = this.config.materials;
    const [recent]: { n: string; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*) AS n, min(created_at) AS oldest FROM materials WHERE uploaded_by = $1 AND created_at > now() - interval '1 minute'`,
      [principal.accountId],
    );
    if (Number(recent.n) >= limits.uploadsPerMinute) {
      const waitMs = recent.oldest ? new Date(recent.oldest).getTime() + 60_000 - Date.now() : 60_000;
      throw new TooManyAttempts(Math.max(1, Math.ceil(waitMs / 1000)), language, 'uploads');
    }
    return this.dataSource.transaction(async (manager) => {
      const { status, programVersionId } = await this.visibleCase(manager, principal, applicationId);
      if (!OPEN_FOR_MATERIALS.includes(status))
        throw DomainError.conflict(`a case in ${status} takes no more materials`);
      // The kinds are the version's data: its required and optional materials.
      const kinds = acceptedMaterialKinds((await this.catalog.byId(programVersionId, manager)).definition);
      if (!kinds.includes(kind)) {
        throw DomainError.invalid([
          { field: 'kind', message: `must be one of the program version's materials: ${kinds.join('、')}` },
        ]);
      }
      // The case row lock orders concurrent uploads to one case, so the quota holds under a burst.
      await manager.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [applicationId]);
      const [held]: { n: string; bytes: string }[] = await manager.query(
        'SELECT count(*) AS n, coalesce(sum(size_bytes), 0) AS bytes FROM materials WHERE application_id = $1',
        [applicationId],
      );
      if (Number(held.n) >= limits.maxPerCase) {
        throw new DomainError(
          'unprocessable',
          `the case holds ${held.n} files, the most allowed (${limits.maxPerCase})`,
        );
      }
      if (Number(held.bytes) + file.buffer.length > limits.maxBytesPerCase) {
        throw new PayloadTooLargeException({
          error: 'payload-too-large',
          message: `the case's materials would exceed ${limits.maxBytesPerCase} bytes in all (${held.bytes} held)`,
        });
      }
      const fileName = cleanFileName(file.originalname);
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      const [row]: Row[] = await manager.query(
        `INSERT INTO materials (application_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, application_id, kind, file_name, content_type, size_bytes, sha256, created_at`,
        [
          applicationId,
          kind,
          fileName,
          contentType,
          file.buffer.length,
          sha256,
          file.buffer,
          principal.accountId,
        ],
      );
      await appendAudit(manager, {
        stream: `application:${applicationId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'material.uploaded',
        data: { materialId: row.id, kind, sha256, sizeBytes: file.buffer.length },
        at: this.time.now(),
      });
      return toDto(row);
    });
  }

  async list(principal: Principal, applicationId: string): Promise<MaterialDto[]> {
    await this.visibleCase(this.dataSource.manager, principal, applicationId).catch(
      async (error: unknown) => {
        if (error instanceof DomainError && error.code === 'not-found') {
          await auditRefusedAccess(
            this.dataSource.manager,
            principal,
            { kind: 'case', id: applicationId },
            this.time.now(),
          );
        }
        throw error;
      },
    );
    return this.ofCase(applicationId);
  }

  /** The case's materials, for a caller that has checked the case is visible already. */
  async ofCase(applicationId: string): Promise<MaterialDto[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM materials m WHERE m.application_id = $1 ORDER BY m.created_at, m.id`,
      [applicationId],
    );
    return rows.map(toDto);
  }

  async content(
    principal: Principal,
    materialId: string,
  ): Promise<{ material: MaterialDto; content: Buffer }> {
    const scope = caseScope(principal, 'a', 2);
    const [row]: (Row & { content: Buffer })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, m.content FROM materials m JOIN applications a ON a.id = m.application_id
        WHERE m.id = $1 AND ${scope.sql}`,
      [materialId, ...scope.params],
    );
    if (!row) {
      await auditRefusedAccess(
        this.dataSource.manager,
        principal,
        { kind: 'material', id: materialId },
        this.time.now(),
      );
      throw DomainError.notFound('material');
    }
    return { material: toDto(row), content: row.content };
  }

  /** The case's status and version when the caller may see it; another's case is a 404. */
  private async visibleCase(
    manager: EntityManager,
    principal: Principal,
    applicationId: string,
  ): Promise<{ status: string; programVersionId: string }> {
    const scope = caseScope(principal, 'a', 2);
    const [row]: { status: string; program_version_id: string }[] = await manager.query(
      `SELECT a.status, a.program_version_id FROM applications a WHERE a.id = $1 AND ${scope.sql}`,
      [applicationId, ...scope.params],
    );
    if (!row) throw DomainError.notFound('application');
    return { status: row.status, programVersionId: row.program_version_id };
  }
}

/** Keeps a file name for display only: no path, no control characters, a sane length. */
export function cleanFileName(name: string): string {
  const base = (name || 'file').split(/[\\/]/).pop() ?? 'file';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

function toDto(r: Row): MaterialDto {
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    createdAt: r.created_at.toISOString(),
  };
}
