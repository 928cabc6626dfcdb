-- 数据申请 through the machine API: an application may be submitted, and decided, by an org's API key
-- (acting in the role its scopes give it) rather than by a person. The key is recorded in its own
-- column so the applicant and the decider always name who acted.
ALTER TABLE "data_applications" ALTER COLUMN "applicant_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "data_applications" ADD COLUMN "applicant_key_id" uuid REFERENCES "api_keys"("id");--> statement-breakpoint
ALTER TABLE "data_applications" ADD COLUMN "decider_key_id" uuid REFERENCES "api_keys"("id");--> statement-breakpoint
ALTER TABLE "data_applications" ADD CONSTRAINT "data_applications_applicant_check" CHECK ("applicant_id" IS NOT NULL OR "applicant_key_id" IS NOT NULL);
