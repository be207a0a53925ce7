-- The SQL of one POST /api/v1/applications (innovation voucher, no Idempotency-Key), statement for statement as
-- the api sends it since the lean 201: the token's account, the enterprise, the program version of the year,
-- this year's grants, then one transaction with the case, its transition, the audit chain (the stream's head,
-- locked and read by audit_stream_head in one statement, then the insert) and both outbox rows with the owed
-- record of the notification in one statement. The account is found by username (the api finds it by id: both
-- unique-index lookups) so each pgbench transaction is a random enterprise of the population; the year is random
-- so the one-open-case rule holds. The bench's probe counts what the api really sends (BENCHMARKS.md).
\set k random(1, :population)
\set y random(3000, 2000000000)
SELECT id, enterprise_id AS eid, username, password_hash, display_name, roles, region_code, conflict_enterprise_ids, token_version FROM accounts WHERE username = 'POP' || lpad(:k::text, 15, '0') \gset
SELECT id, credit_code, name, region_code, scale, tech_sme_no, high_tech_cert_no, blacklisted, in_high_tech_zone FROM enterprises WHERE id = ':eid';
SELECT id AS pv, definition FROM program_versions WHERE program_code = 'innovation-voucher' AND year_from <= 2024 AND (year_to IS NULL OR year_to >= 2024) ORDER BY year_from DESC, created_at DESC LIMIT 1 \gset
SELECT COALESCE(SUM(amount_fen), 0) AS total, COALESCE(SUM((split->>'province')::bigint), 0) AS province FROM applications WHERE enterprise_id = ':eid' AND program_code = 'innovation-voucher' AND year = :y AND id IS DISTINCT FROM NULL AND status IN ('approved', 'paid');
BEGIN;
INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, version, facts, idempotency_key, submitted_at, eligible, amount_fen, split, trace) VALUES (':eid', 'innovation-voucher', ':pv', :y, 'submitted', 1, '{"serviceFeesFen":10000000,"relatedParty":false,"isMaker":false,"regionCode":"350102","scale":"below","blacklisted":false,"isTechSme":true,"isHighTech":false,"inHighTechZone":false,"grantedThisYearFen":0,"grantedProvinceThisYearFen":0}', NULL, now(), NULL, NULL, NULL, NULL) RETURNING id AS app \gset
INSERT INTO transitions (application_id, seq, from_status, to_status, action, actor_account_id, actor_role, at) VALUES (':app', 1, 'new', 'submitted', 'open', ':id', 'enterprise', now()) RETURNING id AS tr \gset
SELECT seq, hash FROM audit_stream_head('application:' || ':app');
INSERT INTO audit_log (stream, seq, actor_account_id, actor_role, action, data, at, prev_hash, hash) VALUES ('application:' || ':app', 1, ':id', 'enterprise', 'case.open', '{"program":"innovation-voucher","to":"submitted","year":2024}', now(), repeat('0', 64), md5(':app') || md5(':tr'));
WITH ob AS (INSERT INTO outbox (queue, job_name, payload, run_at) SELECT q, n, p, COALESCE(r, now()) FROM unnest(ARRAY['workflow', 'notifier'], ARRAY['screen-application', 'notify-transition'], ARRAY[jsonb_build_object('applicationId', ':app'), jsonb_build_object('transitionId', ':tr')], ARRAY[NULL, NULL]::timestamptz[]) WITH ORDINALITY AS t(q, n, p, r, i) ORDER BY i RETURNING id, job_name, payload), ow AS (INSERT INTO owed_jobs (job_name, subject_id, outbox_id) SELECT DISTINCT ON (ob.job_name, ob.payload->>o.f) ob.job_name, (ob.payload->>o.f)::uuid, ob.id FROM ob JOIN unnest(ARRAY['notify-transition', 'deliver-webhook'], ARRAY['transitionId', 'deliveryId']) AS o(n, f) ON o.n = ob.job_name WHERE ob.payload->>o.f IS NOT NULL ORDER BY ob.job_name, ob.payload->>o.f, ob.id DESC ON CONFLICT (job_name, subject_id) DO UPDATE SET outbox_id = GREATEST(owed_jobs.outbox_id, EXCLUDED.outbox_id)) SELECT id FROM ob ORDER BY id;
COMMIT;
