import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DatasetDefinition } from "../../lib/datasets/definition";
import { apiKeys } from "./api-keys";
import { orgs } from "./orgs";
import { users } from "./users";

/**
 * 数据资源目录: one entry per dataset key. The definition (fields, indexes, business key) is
 * shared by all orgs; the rows live in the typed table `ds.<key>`, each row tagged with its org.
 */
export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<DatasetDefinition>().notNull(),
    // The org that registered it (built-ins: the province); it may change the definition.
    ownerOrgId: uuid("owner_org_id")
      .notNull()
      .references(() => orgs.id),
    builtin: boolean("builtin").notNull().default(false),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("datasets_key_key").on(t.key)],
);
export type Dataset = typeof datasets.$inferSelect;

export const IMPORT_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ["strict", "lenient"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface ImportErrorItem {
  row: number;
  column: string;
  message: string;
}

/** One import of one file into one dataset for one org (a `dataset-import` job). */
export const datasetImports = pgTable(
  "dataset_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    createdById: uuid("created_by_id"),
    createdByName: text("created_by_name").notNull(),
    status: text("status").$type<ImportStatus>().notNull().default("queued"),
    mode: text("mode").$type<ImportMode>().notNull().default("strict"),
    replace: boolean("replace").notNull().default(false),
    fileName: text("file_name").notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull().default(0),
    format: text("format").$type<"csv" | "xlsx">().notNull(),
    /** As chosen by the user (auto = detect). */
    encoding: text("encoding").$type<"auto" | "utf8" | "gb18030">().notNull().default("auto"),
    detectedEncoding: text("detected_encoding"),
    sheet: text("sheet"),
    rowsRead: bigint("rows_read", { mode: "number" }).notNull().default(0),
    rowsImported: bigint("rows_imported", { mode: "number" }).notNull().default(0),
    rowsRejected: bigint("rows_rejected", { mode: "number" }).notNull().default(0),
    bytesRead: bigint("bytes_read", { mode: "number" }).notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** The first 100 row errors, for the page; all of them are in dataset_import_errors. */
    errors: jsonb("errors").$type<ImportErrorItem[]>().notNull().default(sql`'[]'::jsonb`),
    message: text("message"),
    /** 数检通 figures for this import's own rows (set after it commits). */
    quality: jsonb("quality").$type<QualityReport>(),
    attempts: integer("attempts").notNull().default(0),
    /** A data admin asked to stop it; the worker running it rolls back and records 'cancelled'. */
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    cancelledByName: text("cancelled_by_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("dataset_imports_org_dataset_idx").on(t.orgId, t.datasetId, t.createdAt.desc()),
    index("dataset_imports_active_idx").on(t.createdAt).where(sql`${t.status} in ('queued', 'running')`),
    check("dataset_imports_status_check", sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
  ],
);
export type DatasetImport = typeof datasetImports.$inferSelect;

/** Every rejected cell of an import (capped), for the CSV download. */
export const datasetImportErrors = pgTable(
  "dataset_import_errors",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => datasetImports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    row: bigint("row", { mode: "number" }).notNull(),
    column: text("column").notNull(),
    message: text("message").notNull(),
  },
  (t) => [uniqueIndex("dataset_import_errors_pk").on(t.importId, t.seq)],
);

export const APPLICATION_STATUSES = ["pending", "approved", "rejected", "revoked"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * 数据申请: a user (or an API key) asks to use an org's rows of a dataset for a purpose and a period.
 * The data admins of that org decide — or, where it has none, those of the nearest org above it
 * (lib/datasets/application-routing.ts). An approved application inside its period is a live grant.
 */
export const dataApplications = pgTable(
  "data_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id),
    /** Whose rows are asked for (the applicant's org). */
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    /** The person who applied, or (through the machine API) the key in `applicantKeyId`. */
    applicantId: uuid("applicant_id").references(() => users.id),
    applicantKeyId: uuid("applicant_key_id").references(() => apiKeys.id),
    purpose: text("purpose").notNull(),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to").notNull(),
    status: text("status").$type<ApplicationStatus>().notNull().default("pending"),
    deciderId: uuid("decider_id").references(() => users.id),
    deciderKeyId: uuid("decider_key_id").references(() => apiKeys.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("data_applications_org_status_idx").on(t.orgId, t.status, t.createdAt.desc()),
    index("data_applications_grant_idx").on(t.orgId, t.datasetId, t.status, t.validTo),
    check("data_applications_status_check", sql`${t.status} in ('pending', 'approved', 'rejected', 'revoked')`),
    check("data_applications_period_check", sql`${t.validFrom} <= ${t.validTo}`),
    check("data_applications_applicant_check", sql`${t.applicantId} is not null or ${t.applicantKeyId} is not null`),
  ],
);
export type DataApplication = typeof dataApplications.$inferSelect;

export interface QualityReport {
  computedAt: string;
  rows: number;
  score: number;
  missing: { total: number; byField: Record<string, number>; examples: number[] };
  malformed: { total: number; byField: Record<string, number>; examples: number[] };
  late: { total: number; examples: number[] };
  duplicates: { total: number; groups: number; examples: number[] };
}

/** Per dataset and org: row count, last import, latest quality report (kept current by imports). */
export const datasetOrgStats = pgTable(
  "dataset_org_stats",
  {
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    rowCount: bigint("row_count", { mode: "number" }).notNull().default(0),
    lastImportAt: timestamp("last_import_at", { withTimezone: true }),
    quality: jsonb("quality").$type<QualityReport>(),
  },
  (t) => [uniqueIndex("dataset_org_stats_pk").on(t.datasetId, t.orgId)],
);
