import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Rule } from "../../lib/rules/schema";
import { supervisionPoints } from "./code-lists";
import { orgs } from "./orgs";
import { users } from "./users";

/** 监督模型: the registry entry; its rules live in versions. */
export const models = pgTable(
  "models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    legalBasis: text("legal_basis").notNull().default(""),
    businessLine: text("business_line").notNull(),
    ownerOrgId: uuid("owner_org_id")
      .notNull()
      .references(() => orgs.id),
    builtin: boolean("builtin").notNull().default(false),
    /** The model this one was adopted from (模型超市 lineage) or copied from (复制为新模型). */
    adoptedFromId: uuid("adopted_from_id"),
    /** 监督点: the taxonomy entry the model is filed under (migration 0015). */
    supervisionPoint: text("supervision_point").references(() => supervisionPoints.code),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("models_owner_key_key").on(t.ownerOrgId, t.key), index("models_owner_idx").on(t.ownerOrgId), index("models_supervision_point_idx").on(t.supervisionPoint)],
);
export type Model = typeof models.$inferSelect;

/** The provinces' five steps, then retirement. */
export const MODEL_VERSION_STATUSES = ["draft", "submitted", "data_verified", "rule_reviewed", "validated", "published", "retired"] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

/** One version's definition. A published version is immutable (a trigger refuses changes). */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<Rule>().notNull(),
    /** SHA-256 of the canonical definition: what a run and its clues were computed with. */
    contentHash: text("content_hash").notNull(),
    status: text("status").$type<ModelVersionStatus>().notNull().default("draft"),
    createdById: uuid("created_by_id").references(() => users.id),
    /** Who created it, as shown in the history (a user's or an API key's name; empty for built-ins). */
    createdByName: text("created_by_name").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** The version this one was made from (editing a published model, 恢复为新草稿); null for a first version. */
    basedOnVersion: integer("based_on_version"),
    /** A draft's last save. */
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedByName: text("updated_by_name").notNull().default(""),
  },
  (t) => [
    uniqueIndex("model_versions_model_version_key").on(t.modelId, t.version),
    index("model_versions_status_idx").on(t.status),
    uniqueIndex("model_versions_one_draft_key").on(t.modelId).where(sql`${t.status} = 'draft'`),
    check("model_versions_status_check", sql`${t.status} in ('draft', 'submitted', 'data_verified', 'rule_reviewed', 'validated', 'published', 'retired')`),
  ],
);
export type ModelVersion = typeof modelVersions.$inferSelect;
