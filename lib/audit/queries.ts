import "server-only";
import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditLog, orgs, type AuditEntry } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { inScope, scopeFor } from "../auth/policy";
import { maskDeep } from "../datasets/mask";
import { parseInput, ZIsoDate } from "../validation";
import { AUDIT_ACTIONS } from "./actions";


export const ZAuditFilter = z.object({
  actorId: z.uuid("用户标识无效").optional(),
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [keyof typeof AUDIT_ACTIONS], "未知操作类型").optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  /** An entry id this list handed out (a safe integer; 99999999999999999999 is not one). */
  cursor: z.string().regex(/^[1-9]\d{0,15}$/, "分页游标无效").refine((v) => Number.isSafeInteger(Number(v)), "分页游标无效").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditFilter = z.input<typeof ZAuditFilter>;

export interface AuditPage {
  items: (AuditEntry & { orgName: string | null })[];
  nextCursor: string | null;
}

/**
 * Audit entries of the orgs the admin manages, newest first, keyset-paginated on id.
 * Events without an org (sign-in with an unknown account) are shown to province admins only.
 * Dates are whole days in China Standard Time.
 */
export async function listAuditEntries(actor: Actor, filter: TAuditFilter = {}): Promise<AuditPage> {
  const scope = scopeFor(actor, "admin.audit");
  const f = parseInput(ZAuditFilter, filter);
  const orgCondition = scope.kind === "subtree" && actor.orgLevel === "province"
    ? or(inScope(auditLog.orgId, scope), isNull(auditLog.orgId))!
    : inScope(auditLog.orgId, scope);
  const conditions: SQL[] = [orgCondition];
  if (f.actorId) conditions.push(eq(auditLog.actorId, f.actorId));
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.from) conditions.push(gte(auditLog.at, sql`(${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`));
  if (f.to) conditions.push(lt(auditLog.at, sql`(${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`));
  if (f.cursor) conditions.push(lt(auditLog.id, Number(f.cursor)));
  const rows = await getDb()
    .select({ entry: auditLog, orgName: orgs.name })
    .from(auditLog)
    .leftJoin(orgs, eq(orgs.id, auditLog.orgId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit).map((r) => ({ ...r.entry, orgName: r.orgName }));
  const nextCursor = rows.length > f.limit ? String(page[page.length - 1].id) : null;
  // Details quote what was searched or typed: ID and mobile numbers leave masked.
  return { items: maskDeep(page), nextCursor };
}
