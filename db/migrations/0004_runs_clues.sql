CREATE TABLE "run_schedules" (
	"model_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"cron" text NOT NULL,
	"created_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_schedules_model_id_org_id_pk" PRIMARY KEY("model_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"model_version_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"trigger" text NOT NULL,
	"run_date" date NOT NULL,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"ordinal" integer,
	"rows_considered" bigint,
	"hits" integer,
	"new_clues" integer,
	"redetected_clues" integer,
	"missing_clues" integer,
	"duration_ms" integer,
	"expected_ms" integer,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"backend_pid" integer,
	"worker" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "runs_status_check" CHECK ("runs"."status" in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
	CONSTRAINT "runs_trigger_check" CHECK ("runs"."trigger" in ('manual', 'api', 'schedule'))
);
--> statement-breakpoint
CREATE TABLE "clue_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clue_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"clue_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"comment" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "clue_outcomes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clue_outcomes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"clue_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(16, 2),
	"feedback_date" date,
	"document_no" text,
	"note" text,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clue_outcomes_kind_check" CHECK ("clue_outcomes"."kind" in ('recommendation', 'correction_notice', 'case_supervision', 'protest', 'clue_transfer', 'recovery', 'rectification'))
);
--> statement-breakpoint
CREATE TABLE "clue_tallies" (
	"org_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"business_line" text NOT NULL,
	"status" text NOT NULL,
	"found_month" date NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "clue_tallies_org_id_model_id_business_line_status_found_month_pk" PRIMARY KEY("org_id","model_id","business_line","status","found_month")
);
--> statement-breakpoint
CREATE TABLE "clues" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"model_version_id" uuid NOT NULL,
	"dedup_key" text NOT NULL,
	"title" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_name" text,
	"subject_id" text,
	"evidence" jsonb NOT NULL,
	"business_line" text NOT NULL,
	"first_run_id" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"streak_start" integer NOT NULL,
	"prior_hits" integer DEFAULT 0 NOT NULL,
	"missing_since" integer,
	"evidence_changed_at" timestamp with time zone,
	"status" text DEFAULT 'new' NOT NULL,
	"assignee_id" uuid,
	"case_no" text,
	"dismiss_reason" text,
	"transfer_org_id" uuid,
	"transfer_agency" text,
	"source_clue_id" bigint,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "clues_status_check" CHECK ("clues"."status" in ('new', 'assigned', 'verifying', 'confirmed', 'dismissed', 'transferred'))
);
--> statement-breakpoint
ALTER TABLE "run_schedules" ADD CONSTRAINT "run_schedules_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_schedules" ADD CONSTRAINT "run_schedules_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_schedules" ADD CONSTRAINT "run_schedules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clue_events" ADD CONSTRAINT "clue_events_clue_id_clues_id_fk" FOREIGN KEY ("clue_id") REFERENCES "public"."clues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clue_events" ADD CONSTRAINT "clue_events_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clue_events" ADD CONSTRAINT "clue_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clue_outcomes" ADD CONSTRAINT "clue_outcomes_clue_id_clues_id_fk" FOREIGN KEY ("clue_id") REFERENCES "public"."clues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clue_outcomes" ADD CONSTRAINT "clue_outcomes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clue_outcomes" ADD CONSTRAINT "clue_outcomes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clues" ADD CONSTRAINT "clues_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clues" ADD CONSTRAINT "clues_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clues" ADD CONSTRAINT "clues_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clues" ADD CONSTRAINT "clues_first_run_id_runs_id_fk" FOREIGN KEY ("first_run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clues" ADD CONSTRAINT "clues_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clues" ADD CONSTRAINT "clues_transfer_org_id_orgs_id_fk" FOREIGN KEY ("transfer_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "runs_active_key" ON "runs" USING btree ("model_id","org_id") WHERE "runs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "runs_ordinal_key" ON "runs" USING btree ("model_id","org_id","ordinal");--> statement-breakpoint
CREATE INDEX "runs_model_org_idx" ON "runs" USING btree ("model_id","org_id","queued_at");--> statement-breakpoint
CREATE INDEX "runs_org_idx" ON "runs" USING btree ("org_id","queued_at");--> statement-breakpoint
CREATE INDEX "clue_events_clue_idx" ON "clue_events" USING btree ("clue_id","at");--> statement-breakpoint
CREATE INDEX "clue_events_org_at_idx" ON "clue_events" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "clue_outcomes_clue_idx" ON "clue_outcomes" USING btree ("clue_id");--> statement-breakpoint
CREATE INDEX "clue_outcomes_org_idx" ON "clue_outcomes" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "clues_identity_key" ON "clues" USING btree ("model_id","org_id","dedup_key");--> statement-breakpoint
CREATE INDEX "clues_org_seen_idx" ON "clues" USING btree ("org_id","first_seen_at","id");--> statement-breakpoint
CREATE INDEX "clues_org_status_seen_idx" ON "clues" USING btree ("org_id","status","first_seen_at","id");--> statement-breakpoint
CREATE INDEX "clues_seen_idx" ON "clues" USING btree ("first_seen_at","id");--> statement-breakpoint
CREATE INDEX "clues_assignee_idx" ON "clues" USING btree ("assignee_id","status","first_seen_at");--> statement-breakpoint
-- clue_tallies follows every insert and update of clues, once per statement (transition tables),
-- so a run writing a million clues adds a few grouped rows, not a million updates.
CREATE FUNCTION clue_found_month(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT date_trunc('month', ts AT TIME ZONE 'Asia/Shanghai')::date $$;--> statement-breakpoint
CREATE FUNCTION clue_tallies_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_tallies (org_id, model_id, business_line, status, found_month, n)
  SELECT org_id, model_id, business_line, status, clue_found_month(first_seen_at), count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, model_id, business_line, status, found_month) DO UPDATE SET n = clue_tallies.n + excluded.n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION clue_tallies_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clue_tallies (org_id, model_id, business_line, status, found_month, n)
  SELECT org_id, model_id, business_line, status, found_month, sum(d) FROM (
    SELECT org_id, model_id, business_line, status, clue_found_month(first_seen_at) AS found_month, -1 AS d FROM old_rows
    UNION ALL
    SELECT org_id, model_id, business_line, status, clue_found_month(first_seen_at), 1 FROM new_rows
  ) changes GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_id, model_id, business_line, status, found_month) DO UPDATE SET n = clue_tallies.n + excluded.n;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER clues_tally_insert AFTER INSERT ON clues REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clue_tallies_after_insert();--> statement-breakpoint
CREATE TRIGGER clues_tally_update AFTER UPDATE ON clues REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clue_tallies_after_update();
