import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795846528033 implements MigrationInterface {
    name = 'Initial1795846528033'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" text NOT NULL, "display_name" text NOT NULL, "roles" text array NOT NULL, "enterprise_id" uuid, "region_code" character varying(6), "conflict_enterprise_ids" uuid array NOT NULL DEFAULT '{}', "token_version" integer NOT NULL DEFAULT '0', "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_477e3187cedfb5a3ac121e899c9" UNIQUE ("username"), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2ceb80bc85c5e3f58413f0e15d" ON "accounts"  ("enterprise_id") `);
        await queryRunner.query(`CREATE TABLE "applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "program_code" character varying(40) NOT NULL, "program_version_id" uuid NOT NULL, "year" integer NOT NULL, "status" character varying(32) NOT NULL, "version" integer NOT NULL DEFAULT '1', "facts" jsonb NOT NULL, "eligible" boolean, "amount_fen" bigint, "split" jsonb, "trace" jsonb, "returned_from" character varying(32), "due_on" date, "notice_ends_at" TIMESTAMP WITH TIME ZONE, "next_alarm_at" TIMESTAMP WITH TIME ZONE, "alarms_armed_version" integer, "idempotency_key" character varying(100), "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_82be6a2028df98789c94e8e1b32" UNIQUE ("idempotency_key"), CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7a0d2a4286afa9b81ebaefdca8" ON "applications"  ("enterprise_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_2843e9e9664331547c1b7775b9" ON "applications"  ("next_alarm_at") `);
        await queryRunner.query(`CREATE INDEX "ix_applications_status_due" ON "applications"  ("status", "due_on") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_applications_open" ON "applications"  ("enterprise_id", "program_code", "year") WHERE status NOT IN ('refused', 'withdrawn', 'declined', 'lapsed')`);
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "stream" character varying(80) NOT NULL, "seq" integer NOT NULL, "actor_account_id" uuid, "actor_role" character varying(32) NOT NULL, "action" character varying(64) NOT NULL, "data" jsonb NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_stream_seq" ON "audit_log"  ("stream", "seq") `);
        await queryRunner.query(`CREATE TABLE "clock_events" ("id" BIGSERIAL NOT NULL, "application_id" uuid NOT NULL, "clock" character varying(32) NOT NULL, "type" character varying(8) NOT NULL, "on_date" date NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "transition_id" uuid, CONSTRAINT "PK_08ee1d588f22ec11fc7771c6a87" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_clock_events_case" ON "clock_events"  ("application_id", "clock", "id") `);
        await queryRunner.query(`CREATE TABLE "enterprises" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "credit_code" character varying(18) NOT NULL, "name" text NOT NULL, "region_code" character varying(6) NOT NULL, "scale" character varying(8) NOT NULL, "tech_sme_no" text, "high_tech_cert_no" text, "in_high_tech_zone" boolean NOT NULL DEFAULT false, "blacklisted" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_bca102e5421c71d700c4ee4ff9a" UNIQUE ("credit_code"), CONSTRAINT "PK_a019e9afe6517b4f2a4588f2cce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "source_id" character varying(64) NOT NULL, "application_id" uuid, "kind" character varying(64) NOT NULL, "message" text NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_source" ON "notifications"  ("account_id", "source_id") `);
        await queryRunner.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "queue" character varying(32) NOT NULL, "job_name" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_unpublished" ON "outbox"  ("id") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "inbox" ("consumer" character varying(64) NOT NULL, "message_id" character varying(128) NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8902b2c18e35f1ba5a650a69c2f" PRIMARY KEY ("consumer", "message_id"))`);
        await queryRunner.query(`CREATE TABLE "programs" ("code" character varying(40) NOT NULL, "name_zh" text NOT NULL, "name_en" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_11924ca2e0cb47a8d9400bada03" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "program_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_code" character varying(40) NOT NULL, "version" character varying(20) NOT NULL, "year_from" integer NOT NULL, "year_to" integer, "definition" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94b1b7078f28d4141e17343e84d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_program_versions_label" ON "program_versions"  ("program_code", "version") `);
        await queryRunner.query(`CREATE TABLE "review_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "entered_transition_id" uuid NOT NULL, "stage" character varying(32) NOT NULL, "status" character varying(16) NOT NULL, "candidate_role" character varying(32) NOT NULL, "region_code" character varying(6), "assignee_id" uuid, "version" integer NOT NULL DEFAULT '1', "due_on" date, "decision" character varying(32), "reason" text, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a04c0697f4a4ae4d0465fe5463e" UNIQUE ("entered_transition_id"), CONSTRAINT "PK_50e2948b4c8e8d026d077e1a777" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_88e87703a957ffbfcadf5e5755" ON "review_tasks"  ("application_id") `);
        await queryRunner.query(`CREATE INDEX "ix_review_tasks_queue" ON "review_tasks"  ("status", "stage", "due_on") `);
        await queryRunner.query(`CREATE TABLE "transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "seq" integer NOT NULL, "from_status" character varying(32) NOT NULL, "to_status" character varying(32) NOT NULL, "action" character varying(40) NOT NULL, "actor_account_id" uuid, "actor_role" character varying(32) NOT NULL, "reason" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_623bb4d161fca5fdc7e6a79248c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_transitions_seq" ON "transitions"  ("application_id", "seq") `);
        await queryRunner.query(`CREATE TABLE "sla_alarms" ("id" BIGSERIAL NOT NULL, "application_id" uuid NOT NULL, "clock" character varying(32) NOT NULL, "epoch" bigint NOT NULL, "level" character varying(16) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lateness_ms" bigint NOT NULL, CONSTRAINT "PK_8279abf333bf043feffc38c197d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_alarms_once" ON "sla_alarms"  ("application_id", "clock", "epoch", "level") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_sla_alarms_once"`);
        await queryRunner.query(`DROP TABLE "sla_alarms"`);
        await queryRunner.query(`DROP INDEX "public"."uq_transitions_seq"`);
        await queryRunner.query(`DROP TABLE "transitions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_review_tasks_queue"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_88e87703a957ffbfcadf5e5755"`);
        await queryRunner.query(`DROP TABLE "review_tasks"`);
        await queryRunner.query(`DROP INDEX "public"."uq_program_versions_label"`);
        await queryRunner.query(`DROP TABLE "program_versions"`);
        await queryRunner.query(`DROP TABLE "programs"`);
        await queryRunner.query(`DROP TABLE "inbox"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
        await queryRunner.query(`DROP INDEX "public"."uq_notifications_source"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TABLE "enterprises"`);
        await queryRunner.query(`DROP INDEX "public"."ix_clock_events_case"`);
        await queryRunner.query(`DROP TABLE "clock_events"`);
        await queryRunner.query(`DROP INDEX "public"."uq_audit_stream_seq"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP INDEX "public"."uq_applications_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_applications_status_due"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2843e9e9664331547c1b7775b9"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7a0d2a4286afa9b81ebaefdca8"`);
        await queryRunner.query(`DROP TABLE "applications"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2ceb80bc85c5e3f58413f0e15d"`);
        await queryRunner.query(`DROP TABLE "accounts"`);
    }

}
