import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ResolvedParam } from "../../lib/rules/nodes/param";
import { modelVersions, models } from "./models";
import { orgs } from "./orgs";
import { users } from "./users";

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ["manual", "api", "schedule"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * One execution of a model version for one org. At most one run per model and org is queued or
 * running (a partial unique index); `ordinal` numbers the org's successful runs of the model, and
 * clues refer to it, so a re-run need not rewrite the clues it finds unchanged.
 */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id),
    modelVersionId: uuid("model_version_id")
      .notNull()
      .references(() => modelVersions.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    status: text("status").$type<RunStatus>().notNull().default("queued"),
    trigger: text("trigger").$type<RunTrigger>().notNull(),
    runDate: date("run_date", { mode: "string" }).notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    /** 1, 2, 3… over the org's successful runs of this model; set in the transaction that writes the clues. */
    ordinal: integer("ordinal"),
    rowsConsidered: bigint("rows_considered", { mode: "number" }),
    hits: integer("hits"),
    newClues: integer("new_clues"),
    redetectedClues: integer("redetected_clues"),
    /** Clues of earlier runs this run no longer found. */
    missingClues: integer("missing_clues"),
    durationMs: integer("duration_ms"),
    /** The previous successful run's duration: the progress bar's estimate. */
    expectedMs: integer("expected_ms"),
    error: text("error"),
    /** The rule parameters' values this run used, each with where it came from (null: before parameters, or none declared). */
    params: jsonb("params").$type<ResolvedParam[]>(),
    attempts: integer("attempts").notNull().default(0),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    /** The Postgres backend executing the statement, so a cancel can interrupt it. */
    backendPid: integer("backend_pid"),
    /** The worker process executing it (host:pid), for operators. */
    worker: text("worker"),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("runs_active_key")
      .on(t.modelId, t.orgId)
      .where(sql`${t.status} in ('queued', 'running')`),
    uniqueIndex("runs_ordinal_key").on(t.modelId, t.orgId, t.ordinal),
    index("runs_model_org_idx").on(t.modelId, t.orgId, t.queuedAt),
    index("runs_org_idx").on(t.orgId, t.queuedAt),
    check("runs_status_check", sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
    check("runs_trigger_check", sql`${t.trigger} in ('manual', 'api', 'schedule')`),
  ],
);
export type Run = typeof runs.$inferSelect;

/** An org's standing order to run a model on a cron schedule (Asia/Shanghai). */
export const runSchedules = pgTable(
  "run_schedules",
  {
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    cron: text("cron").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.orgId] })],
);
export type RunSchedule = typeof runSchedules.$inferSelect;
