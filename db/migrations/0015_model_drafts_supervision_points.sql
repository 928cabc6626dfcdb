-- 监督点 (supervision points): the taxonomy a model is filed under (the national platform files its
-- models under such points, e.g. 刑罚执行·交付执行). Shaped like the other code lists (0014): a
-- stable code that models store, labels an admin renames, and `active` instead of deletion.
CREATE TABLE "supervision_points" (
	"code" text PRIMARY KEY NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_points_code_check" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$')
);--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_points_label_zh_key" ON "supervision_points" USING btree ("label_zh");--> statement-breakpoint
INSERT INTO "supervision_points" ("code", "label_zh", "label_en", "position") VALUES
	('filing_not_filed', '刑事立案·应当立案而不立案', 'Criminal filing · case not filed', 10),
	('filing_wrongly_filed', '刑事立案·不应当立案而立案', 'Criminal filing · case wrongly filed', 20),
	('investigation_evidence', '侦查活动·违法取证', 'Investigation · unlawful evidence gathering', 30),
	('investigation_measures', '侦查活动·强制措施', 'Investigation · coercive measures', 40),
	('criminal_trial_sentencing', '刑事审判·定罪量刑', 'Criminal trial · conviction and sentencing', 50),
	('criminal_trial_procedure', '刑事审判·审判程序', 'Criminal trial · procedure', 60),
	('execution_delivery', '刑罚执行·交付执行', 'Penalty execution · delivery for execution', 70),
	('execution_community_correction', '刑罚执行·社区矫正', 'Penalty execution · community correction', 80),
	('execution_commutation', '刑罚执行·减刑假释暂予监外执行', 'Penalty execution · commutation, parole, temporary release', 90),
	('execution_property_penalty', '刑罚执行·财产刑执行', 'Penalty execution · property penalties', 100),
	('civil_public_notice', '民事诉讼·公告送达', 'Civil litigation · service by public notice', 110),
	('civil_false_litigation', '民事诉讼·虚假诉讼', 'Civil litigation · false litigation', 120),
	('civil_trial_procedure', '民事诉讼·审判程序', 'Civil litigation · trial procedure', 130),
	('civil_enforcement', '民事执行·执行活动', 'Civil enforcement · enforcement activities', 140),
	('admin_unlawful_act', '行政检察·行政违法行为', 'Administrative · unlawful administrative acts', 150),
	('admin_non_litigation', '行政检察·行政非诉执行', 'Administrative · non-litigation enforcement', 160),
	('admin_criminal_transfer', '行政检察·行刑衔接', 'Administrative · transfer to criminal proceedings', 170),
	('pi_medical_insurance_fund', '公益诉讼·医保基金', 'Public interest · medical insurance fund', 180),
	('pi_environment', '公益诉讼·生态环境和资源保护', 'Public interest · environment and resources', 190),
	('pi_food_drug', '公益诉讼·食品药品安全', 'Public interest · food and drug safety', 200),
	('pi_state_property', '公益诉讼·国有财产保护', 'Public interest · state property', 210),
	('pi_state_land', '公益诉讼·国有土地使用权出让', 'Public interest · state land transfers', 220);--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "supervision_point" text REFERENCES "supervision_points"("code");--> statement-breakpoint
-- Built-ins installed before this migration get the points their model files now name.
UPDATE "models" SET "supervision_point" = CASE "key"
	WHEN 'pretrial_release_not_delivered' THEN 'execution_delivery'
	WHEN 'bribe_givers_not_prosecuted' THEN 'filing_not_filed'
	WHEN 'company_served_by_public_notice' THEN 'civil_public_notice'
	WHEN 'false_litigation_private_lending' THEN 'civil_false_litigation'
	WHEN 'outpatient_during_inpatient_stay' THEN 'pi_medical_insurance_fund'
	WHEN 'repeated_vehicle_claims' THEN 'filing_not_filed'
	WHEN 'drunk_driving_licence_valid' THEN 'admin_unlawful_act'
	WHEN 'community_correction_lapsed' THEN 'execution_community_correction'
END WHERE "builtin";--> statement-breakpoint
CREATE INDEX "models_supervision_point_idx" ON "models" USING btree ("supervision_point");--> statement-breakpoint
-- Drafts: who saved last and when, the version a draft was made from (编辑 / 恢复为新草稿), and the
-- name of who created a version (an API key has no user row).
ALTER TABLE "model_versions" ADD COLUMN "created_by_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "based_on_version" integer;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "updated_by_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- One open draft per model: editing again continues it instead of forking a second one.
CREATE UNIQUE INDEX "model_versions_one_draft_key" ON "model_versions" USING btree ("model_id") WHERE "status" = 'draft';--> statement-breakpoint
-- Only a draft's definition changes; from submission on (and after publication, as before) a
-- version is frozen: a change is a new draft.
CREATE OR REPLACE FUNCTION model_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.content_hash IS DISTINCT FROM OLD.content_hash OR NEW.version IS DISTINCT FROM OLD.version) THEN
    RAISE EXCEPTION '已提交或已上架的模型版本不可修改（模型版本 %）', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
