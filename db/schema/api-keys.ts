import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { orgs } from "./orgs";
import { users } from "./users";

/**
 * Per-org keys for machine clients. Only a SHA-256 of the key is stored. A key expires, and acts only
 * as the roles in `scopes` (a subset of API_KEY_SCOPES in lib/auth/permissions.ts).
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => orgs.id),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    scopes: text("scopes").array().notNull(),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.keyHash),
    index("api_keys_org_idx").on(t.orgId, t.createdAt),
    check("api_keys_scopes_check", sql`cardinality(${t.scopes}) > 0 AND ${t.scopes} <@ ARRAY['data_admin', 'prosecutor', 'model_builder', 'reviewer']::text[]`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
