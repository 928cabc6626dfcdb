-- Rule parameters: an org's own values of a model's declared thresholds (lib/models/params.ts), and
-- the values each run used (the explanation of its clues shows them). Values are checked against the
-- declarations in lib/ (type and bounds); the table only insists on a JSON object.
CREATE TABLE "model_param_settings" (
	"org_id" uuid NOT NULL REFERENCES "orgs"("id"),
	"model_id" uuid NOT NULL REFERENCES "models"("id"),
	"values" jsonb NOT NULL DEFAULT '{}'::jsonb,
	"updated_by_id" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_param_settings_pkey" PRIMARY KEY ("org_id", "model_id"),
	CONSTRAINT "model_param_settings_values_check" CHECK (jsonb_typeof("values") = 'object')
);--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "params" jsonb;
