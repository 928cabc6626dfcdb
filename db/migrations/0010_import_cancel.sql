-- Imports can be cancelled by a data admin: a queued one at once (status 'cancelled'), a running
-- one by a request its worker sees within a second (it ends its COPY and rolls back, then records
-- 'cancelled'). The queue view lists queued and running imports across orgs in order.
ALTER TABLE "dataset_imports" DROP CONSTRAINT "dataset_imports_status_check";
--> statement-breakpoint
ALTER TABLE "dataset_imports" ADD CONSTRAINT "dataset_imports_status_check" CHECK ("dataset_imports"."status" in ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "dataset_imports" ADD COLUMN "cancel_requested_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "dataset_imports" ADD COLUMN "cancelled_by_name" text;
--> statement-breakpoint
CREATE INDEX "dataset_imports_active_idx" ON "dataset_imports" ("created_at") WHERE "status" in ('queued', 'running');
