import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const ORG_LEVELS = ["province", "city", "district"] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/**
 * 院: the three-level tree 省院 → 市院 → 基层院. `path` is the materialised path of ids
 * ("/<province>/<city>/<district>/"), so a subtree is one indexed prefix query.
 */
export const orgs = pgTable(
  "orgs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    level: text("level").$type<OrgLevel>().notNull(),
    parentId: uuid("parent_id"),
    path: text("path").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orgs_path_key").on(t.path.op("text_pattern_ops")),
    uniqueIndex("orgs_parent_name_key").on(t.parentId, t.name),
    index("orgs_parent_idx").on(t.parentId),
    check("orgs_level_check", sql`${t.level} in ('province', 'city', 'district')`),
  ],
);

export type Org = typeof orgs.$inferSelect;
