import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { isUniqueViolation } from "../db-errors";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { CODE_LIST_LABELS, type CodeEntry } from "./kinds";
import { CODE_LIST_TABLES } from "./queries";
import { ZCreateCodeInput, ZUpdateCodeInput } from "./schemas";

/** How the fields of these inputs are named in an error summary. */
const LABELS = { kind: "列表", code: "代码", labelZh: "中文名称", labelEn: "英文名称", active: "启用状态" };

/**
 * The lists are shared by every org, so only an admin of a top-level org (the province) changes
 * them; a city admin reads them like everyone else.
 */
export function canEditCodeLists(actor: Actor): boolean {
  return actor.permissions.has("admin.code_lists") && actor.orgLevel === "province";
}

function requireEditor(actor: Actor): void {
  requirePermission(actor, "admin.code_lists");
  if (!canEditCodeLists(actor)) throw new ForbiddenError("来源单位和业务条线由省院系统管理员维护");
}

/** Adds a code at the end of its list (a taken code or Chinese label is a 409 naming it). */
export async function createCode(actor: Actor, input: unknown): Promise<CodeEntry> {
  requireEditor(actor);
  const data = parseInput(ZCreateCodeInput, input, LABELS);
  const t = CODE_LIST_TABLES[data.kind];
  const list = CODE_LIST_LABELS[data.kind].zh;
  try {
    return await getDb().transaction(async (tx) => {
      const [row] = await tx
        .insert(t)
        .values({ code: data.code, labelZh: data.labelZh, labelEn: data.labelEn, position: sql`(select coalesce(max(${t.position}), 0) + 10 from ${t})` })
        .returning({ code: t.code, labelZh: t.labelZh, labelEn: t.labelEn, active: t.active, position: t.position });
      await recordAudit(actor, { action: "code_list.create", orgId: actor.orgId, targetType: data.kind, targetId: row.code, detail: { list, label: row.labelZh } }, tx);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${list}中已有代码“${data.code}”或名称“${data.labelZh}”`);
    throw error;
  }
}

/** Renames a code's labels and enables or disables it; the code itself stays as stored everywhere. */
export async function updateCode(actor: Actor, input: unknown): Promise<CodeEntry> {
  requireEditor(actor);
  const data = parseInput(ZUpdateCodeInput, input, LABELS);
  const t = CODE_LIST_TABLES[data.kind];
  const list = CODE_LIST_LABELS[data.kind].zh;
  try {
    return await getDb().transaction(async (tx) => {
      const [before] = await tx.select().from(t).where(eq(t.code, data.code)).for("update");
      if (!before) throw new NotFoundError(`${list}“${data.code}”`);
      const [row] = await tx
        .update(t)
        .set({ labelZh: data.labelZh, labelEn: data.labelEn, active: data.active, updatedAt: new Date() })
        .where(eq(t.code, data.code))
        .returning({ code: t.code, labelZh: t.labelZh, labelEn: t.labelEn, active: t.active, position: t.position });
      const detail = { list, from: { labelZh: before.labelZh, labelEn: before.labelEn, active: before.active }, to: { labelZh: row.labelZh, labelEn: row.labelEn, active: row.active } };
      await recordAudit(actor, { action: "code_list.update", orgId: actor.orgId, targetType: data.kind, targetId: row.code, detail }, tx);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${list}中已有名称“${data.labelZh}”`);
    throw error;
  }
}
