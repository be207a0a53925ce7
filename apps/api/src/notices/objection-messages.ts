import { LANGUAGES, messagesIn } from '@app/domain';
import { loadCaseFacts } from '@app/persistence';
import { EntityManager } from 'typeorm';

/**
 * An objection reaches the inbox of the enterprise whose case it holds and of the reviewers who resolve objections
 * (city reviewers, minus declared conflicts), each in their language, in the transaction that files it.
 */
export async function tellObjection(manager: EntityManager, applicationId: string, objectionId: string, reason: string): Promise<number> {
  const { ref } = await loadCaseFacts(manager, applicationId);
  const texts = Object.fromEntries(LANGUAGES.map((lang) => [lang, messagesIn(lang).objectionFiled(ref, reason)]));
  const written: unknown[] = await manager.query(
    `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
     SELECT acc.id, 'objection-' || $2, a.id, 'objection.filed', CASE acc.language WHEN 'en' THEN $4 ELSE $3 END
       FROM applications a JOIN accounts acc
            ON acc.enterprise_id = a.enterprise_id
            OR ('city_reviewer' = ANY(acc.roles) AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids)))
      WHERE a.id = $1
     ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
    [applicationId, objectionId, texts['zh-CN'], texts.en],
  );
  return written.length;
}
