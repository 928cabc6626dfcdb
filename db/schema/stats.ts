import { date, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/**
 * Monthly flows of clues per org, model and business line, kept current by statement triggers
 * on `clues` (found, received by transfer) and `clue_events` (triage steps) — see migration
 * 0005. The dashboard sums a few hundred of these rows instead of scanning a million clues.
 */
export const clueFlows = pgTable(
  "clue_flows",
  {
    orgId: uuid("org_id").notNull(),
    modelId: uuid("model_id").notNull(),
    businessLine: text("business_line").notNull(),
    /** First day of the month (Asia/Shanghai). */
    month: date("month", { mode: "string" }).notNull(),
    found: integer("found").notNull().default(0),
    received: integer("received").notNull().default(0),
    triaged: integer("triaged").notNull().default(0),
    confirmed: integer("confirmed").notNull().default(0),
    dismissed: integer("dismissed").notNull().default(0),
    transferred: integer("transferred").notNull().default(0),
    reopened: integer("reopened").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.modelId, t.businessLine] })],
);
export type ClueFlow = typeof clueFlows.$inferSelect;

/**
 * Clues open now (待分派, 已分派, 核查中) per org and China day found, kept current by the statement
 * triggers on `clues` (migration 0007): a month-end backlog and its age read a few thousand rows of
 * this instead of every open clue.
 */
export const clueOpenDays = pgTable(
  "clue_open_days",
  {
    orgId: uuid("org_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);
