ALTER TABLE "clues" DROP CONSTRAINT "clues_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "clues" DROP CONSTRAINT "clues_model_id_models_id_fk";
--> statement-breakpoint
ALTER TABLE "clues" DROP CONSTRAINT "clues_model_version_id_model_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "clues" DROP CONSTRAINT "clues_first_run_id_runs_id_fk";
--> statement-breakpoint
DROP INDEX "clues_open_idx";--> statement-breakpoint
DROP INDEX "clues_assignee_idx";--> statement-breakpoint
DROP INDEX "clues_closed_at_idx";--> statement-breakpoint
CREATE INDEX "clues_assignee_idx" ON "clues" USING btree ("assignee_id","status","first_seen_at") WHERE "clues"."assignee_id" is not null;--> statement-breakpoint
CREATE INDEX "clues_closed_at_idx" ON "clues" USING btree ("closed_at") WHERE "clues"."closed_at" is not null;