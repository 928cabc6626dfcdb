-- API keys expire and act only as the roles chosen at creation (their scopes). Keys that exist keep the
-- rights they had (data admin + prosecutor of their org) and get a year from now, so nothing stops today.
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[];--> statement-breakpoint
UPDATE "api_keys" SET "expires_at" = now() + interval '1 year', "scopes" = ARRAY['data_admin', 'prosecutor'];--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "scopes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_check"
  CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['data_admin', 'prosecutor', 'model_builder', 'reviewer']::text[]);
