import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhooksRatings1795848777254 implements MigrationInterface {
    name = 'WebhooksRatings1795848777254'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" text NOT NULL, "events" text array NOT NULL, "secret" text NOT NULL, "description" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "transition_id" uuid NOT NULL, "application_id" uuid NOT NULL, "event" character varying(64) NOT NULL, "body" text NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "replays" integer NOT NULL DEFAULT '0', "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_status" ON "webhook_deliveries"  ("status", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_source" ON "webhook_deliveries"  ("endpoint_id", "transition_id") `);
        await queryRunner.query(`CREATE TABLE "ratings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "program_code" character varying(64) NOT NULL, "stage" character varying(32) NOT NULL, "outcome" character varying(16) NOT NULL, "score" smallint NOT NULL, "comment" text, "rated_by" uuid NOT NULL, "rectification_status" character varying(16) NOT NULL, "rectification_due_on" date, "callback_notes" text, "callback_by" uuid, "callback_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0f31425b073219379545ad68ed9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_767044ba68aab366bf92102747" ON "ratings"  ("rectification_status") `);
        await queryRunner.query(`CREATE INDEX "ix_ratings_summary" ON "ratings"  ("program_code", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_ratings_application" ON "ratings"  ("application_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_ratings_application"`);
        await queryRunner.query(`DROP INDEX "public"."ix_ratings_summary"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_767044ba68aab366bf92102747"`);
        await queryRunner.query(`DROP TABLE "ratings"`);
        await queryRunner.query(`DROP INDEX "public"."uq_webhook_deliveries_source"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_status"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    }

}
