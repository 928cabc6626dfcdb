import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { orgs } from "./orgs";
import { users } from "./users";

export const CLUE_STATUSES = ["new", "assigned", "verifying", "confirmed", "dismissed", "transferred"] as const;
export type ClueStatus = (typeof CLUE_STATUSES)[number];

/**
 * 监督线索: one finding of a model in one org, identified across runs by its dedup key. Runs write
 * the detection columns; triage (lib/clues) writes the status columns and never the reverse.
 * Last seen and hit count derive from the run ordinals, so a re-run that finds a clue unchanged
 * does not rewrite it.
 */
export const clues = pgTable(
  "clues",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // No foreign keys on the columns a run writes the same value into for every clue (org, model,
    // version, run): the run has checked them once, orgs and models are never deleted, and a
    // per-row check cost a quarter of a large run's time.
    orgId: uuid("org_id").notNull(),
    modelId: uuid("model_id").notNull(),
    modelVersionId: uuid("model_version_id").notNull(),
    // md5 of the rule's dedup key (a JSON array of the key values) as a uuid: a third of the
    // identity index's size, so a run's conflict checks and inserts touch fewer pages.
    dedupKey: uuid("dedup_key").notNull(),
    title: text("title").notNull(),
    subjectKind: text("subject_kind").notNull(),
    subjectName: text("subject_name"),
    subjectId: text("subject_id"),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    businessLine: text("business_line").notNull(),
    // Detection: the run that first found it, and the streak of consecutive runs finding it.
    firstRunId: uuid("first_run_id"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    streakStart: integer("streak_start").notNull(),
    priorHits: integer("prior_hits").notNull().default(0),
    /** The ordinal of the first run that no longer found it (null while the latest run finds it). */
    missingSince: integer("missing_since"),
    evidenceChangedAt: timestamp("evidence_changed_at", { withTimezone: true }),
    // Triage.
    status: text("status").$type<ClueStatus>().notNull().default("new"),
    assigneeId: uuid("assignee_id").references(() => users.id),
    caseNo: text("case_no"),
    dismissReason: text("dismiss_reason"),
    transferOrgId: uuid("transfer_org_id").references(() => orgs.id),
    transferAgency: text("transfer_agency"),
    /** The clue another org transferred here. */
    sourceClueId: bigint("source_clue_id", { mode: "number" }),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("clues_identity_key").on(t.modelId, t.orgId, t.dedupKey),
    // Keyset pages on (first_seen_at, id): a status tab within an org; everything else walks the
    // time index and filters by org (one index fewer for every clue a run writes).
    index("clues_org_status_seen_idx").on(t.orgId, t.status, t.firstSeenAt, t.id),
    index("clues_seen_idx").on(t.firstSeenAt, t.id),
    // The backlog at a month's end reads the status index for open clues and this one for clues closed since.
    // Partial: a run's new clues (unassigned, open) skip these two, so writing them stays cheap.
    index("clues_assignee_idx")
      .on(t.assigneeId, t.status, t.firstSeenAt)
      .where(sql`${t.assigneeId} is not null`),
    index("clues_closed_at_idx")
      .on(t.closedAt)
      .where(sql`${t.closedAt} is not null`),
    check("clues_status_check", sql`${t.status} in ('new', 'assigned', 'verifying', 'confirmed', 'dismissed', 'transferred')`),
  ],
);
export type Clue = typeof clues.$inferSelect;

/** The clue's history: who did what, when, with what comment. */
export const clueEvents = pgTable(
  "clue_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    clueId: bigint("clue_id", { mode: "number" })
      .notNull()
      .references(() => clues.id),
    /** The clue's org at the time (for statistics by org without a join). */
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    fromStatus: text("from_status").$type<ClueStatus>(),
    toStatus: text("to_status").$type<ClueStatus>(),
    comment: text("comment"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("clue_events_clue_idx").on(t.clueId, t.at), index("clue_events_org_at_idx").on(t.orgId, t.at)],
);
export type ClueEvent = typeof clueEvents.$inferSelect;

export const OUTCOME_KINDS = ["recommendation", "correction_notice", "case_supervision", "protest", "clue_transfer", "recovery", "rectification"] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** 监督成效 recorded on a confirmed clue; several per clue. */
export const clueOutcomes = pgTable(
  "clue_outcomes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    clueId: bigint("clue_id", { mode: "number" })
      .notNull()
      .references(() => clues.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    kind: text("kind").$type<OutcomeKind>().notNull(),
    /** 挽回经济损失 (yuan). */
    amount: numeric("amount", { precision: 16, scale: 2, mode: "number" }),
    /** 整改反馈: the date feedback was received. */
    feedbackDate: date("feedback_date", { mode: "string" }),
    documentNo: text("document_no"),
    note: text("note"),
    createdById: uuid("created_by_id").references(() => users.id),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("clue_outcomes_clue_idx").on(t.clueId),
    index("clue_outcomes_org_idx").on(t.orgId, t.createdAt),
    check("clue_outcomes_kind_check", sql`${t.kind} in ('recommendation', 'correction_notice', 'case_supervision', 'protest', 'clue_transfer', 'recovery', 'rectification')`),
  ],
);
export type ClueOutcome = typeof clueOutcomes.$inferSelect;

/**
 * Clue counts by org, model, business line, status and month found, kept current by statement
 * triggers on `clues` (see migration 0004): the status tabs and the statistics read it instead of
 * counting a million rows.
 */
export const clueTallies = pgTable(
  "clue_tallies",
  {
    orgId: uuid("org_id").notNull(),
    modelId: uuid("model_id").notNull(),
    businessLine: text("business_line").notNull(),
    status: text("status").$type<ClueStatus>().notNull(),
    foundMonth: date("found_month", { mode: "string" }).notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.modelId, t.businessLine, t.status, t.foundMonth] })],
);
