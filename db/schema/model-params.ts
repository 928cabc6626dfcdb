import { sql } from "drizzle-orm";
import { check, jsonb, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ParamValues } from "../../lib/rules/nodes/param";
import { models } from "./models";
import { orgs } from "./orgs";
import { users } from "./users";

/**
 * An org's own values of a model's parameters (本院参数). A run uses the version's declared
 * defaults overridden by these, when they fit the version's declaration (lib/models/params.ts).
 */
export const modelParamSettings = pgTable(
  "model_param_settings",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id),
    values: jsonb("values").$type<ParamValues>().notNull().default({}),
    updatedById: uuid("updated_by_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.modelId] }), check("model_param_settings_values_check", sql`jsonb_typeof(${t.values}) = 'object'`)],
);
export type ModelParamSetting = typeof modelParamSettings.$inferSelect;
