ALTER TABLE "clues" DROP CONSTRAINT "clues_org_id_orgs_id_fk";
--> statement-breakpoint
ALTER TABLE "clues" DROP CONSTRAINT "clues_model_id_models_id_fk";
--> statement-breakpoint
ALTER TABLE "clues" DROP CONSTRAINT "clues_model_version_id_model_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "clues" DROP CONSTRAINT "clues_first_run_id_runs_id_fk";
