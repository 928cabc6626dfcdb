CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "model_versions_status_check" CHECK ("model_versions"."status" in ('draft', 'submitted', 'data_verified', 'rule_reviewed', 'validated', 'published', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"business_line" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"adopted_from_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_owner_org_id_orgs_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_version_key" ON "model_versions" USING btree ("model_id","version");--> statement-breakpoint
CREATE INDEX "model_versions_status_idx" ON "model_versions" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "models_owner_key_key" ON "models" USING btree ("owner_org_id","key");--> statement-breakpoint
CREATE INDEX "models_owner_idx" ON "models" USING btree ("owner_org_id");--> statement-breakpoint
-- A published (or retired) version is immutable: editing makes a new draft version.
CREATE FUNCTION model_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('published', 'retired') AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.content_hash IS DISTINCT FROM OLD.content_hash OR NEW.version IS DISTINCT FROM OLD.version) THEN
    RAISE EXCEPTION '已上架的模型版本不可修改（模型版本 %）', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER model_versions_immutable BEFORE UPDATE ON model_versions FOR EACH ROW EXECUTE FUNCTION model_versions_immutable();
