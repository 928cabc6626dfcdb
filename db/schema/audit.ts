import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Append-only audit log: who did what, when, from where, on what. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    // The org the event belongs to (the actor's org, or the target's): it scopes who may read it.
    orgId: uuid("org_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_org_at_idx").on(t.orgId, t.at.desc(), t.id.desc()),
    index("audit_actor_at_idx").on(t.actorId, t.at.desc()),
    index("audit_action_at_idx").on(t.action, t.at.desc()),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
