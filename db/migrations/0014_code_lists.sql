-- 来源单位 (agencies that supply data) and 业务条线 (business lines) become data an admin extends,
-- instead of constants in the code. A code is stable once created (datasets, models and clues keep
-- it); only its labels change, and a code no longer offered is disabled, never deleted.
CREATE TABLE "agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_code_check" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$')
);--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_label_zh_key" ON "agencies" USING btree ("label_zh");--> statement-breakpoint
CREATE TABLE "business_lines" (
	"code" text PRIMARY KEY NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_lines_code_check" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$')
);--> statement-breakpoint
CREATE UNIQUE INDEX "business_lines_label_zh_key" ON "business_lines" USING btree ("label_zh");--> statement-breakpoint
-- The codes the built-in datasets already use keep their spelling (traffic_police stays: the
-- driving-licence data comes from 公安交管).
INSERT INTO "agencies" ("code", "label_zh", "label_en", "position") VALUES
	('court', '法院', 'Court', 10),
	('police', '公安', 'Police', 20),
	('traffic_police', '公安交管', 'Traffic police', 25),
	('procuratorate', '检察', 'Procuratorate', 30),
	('prison', '监狱', 'Prison', 40),
	('justice', '司法行政', 'Justice administration', 50),
	('market_regulation', '市场监管', 'Market regulation', 60),
	('medical_insurance', '医保', 'Medical insurance', 70),
	('human_resources', '人社', 'Human resources and social security', 80),
	('civil_affairs', '民政', 'Civil affairs', 90),
	('education', '教育', 'Education', 100),
	('taxation', '税务', 'Taxation', 110),
	('transport', '交通运输', 'Transport', 120),
	('natural_resources', '自然资源', 'Natural resources', 130),
	('ecology_environment', '生态环境', 'Ecology and environment', 140),
	('housing', '住建', 'Housing and construction', 150),
	('health', '卫健', 'Health', 160),
	('insurance', '保险', 'Insurance', 170),
	('bank', '银行', 'Bank', 180),
	('other', '其他', 'Other', 1000);--> statement-breakpoint
INSERT INTO "business_lines" ("code", "label_zh", "label_en", "position") VALUES
	('criminal', '刑事', 'Criminal', 10),
	('civil', '民事', 'Civil', 20),
	('administrative', '行政', 'Administrative', 30),
	('public_interest', '公益诉讼', 'Public interest litigation', 40);
