import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A code list an admin extends (migration 0014): a stable code that datasets, models and clues store,
 * its Chinese and English labels, and whether it is still offered. Codes are never deleted or renamed:
 * disabling one keeps every record that names it readable.
 */
function codeListTable<N extends string>(name: N) {
  return pgTable(
    name,
    {
      code: text("code").primaryKey(),
      labelZh: text("label_zh").notNull(),
      labelEn: text("label_en").notNull(),
      active: boolean("active").notNull().default(true),
      position: integer("position").notNull(),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
      updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [uniqueIndex(`${name}_label_zh_key`).on(t.labelZh), check(`${name}_code_check`, sql`${t.code} ~ '^[a-z][a-z0-9_]{1,39}$'`)],
  );
}

/** 来源单位: the agencies that supply data (法院、公安、监狱…). */
export const agencies = codeListTable("agencies");

/** 业务条线: 刑事、民事、行政、公益诉讼… (a model's and its clues' line). */
export const businessLines = codeListTable("business_lines");

/** 监督点: the taxonomy a model is filed under, "刑罚执行·交付执行" (migration 0015). */
export const supervisionPoints = codeListTable("supervision_points");

export type CodeListRow = typeof agencies.$inferSelect;
