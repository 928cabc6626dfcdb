import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
import { clueEvents, clueOutcomes, OUTCOME_KINDS, type ClueOutcome } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { ConflictError, ForbiddenError } from "../errors";
import { isCalendarDay } from "../datasets/applications-schemas";
import { parseInput } from "../validation";
import { OUTCOME_KIND_LABELS } from "./labels";
import { loadClue } from "./queries";

const day = z.string().refine(isCalendarDay, "应为有效日期，格式 YYYY-MM-DD");
const blank = (v: unknown): unknown => (v === "" || v === null ? undefined : v);

export const ZOutcome = z
  .object({
    kind: z.enum(OUTCOME_KINDS, "请选择成效类型"),
    amount: z.preprocess(blank, z.coerce.number("金额须为数字").positive("金额须大于 0").max(1e13, "金额过大").optional()),
    feedbackDate: z.preprocess(blank, day.optional()),
    documentNo: z.preprocess(blank, z.string().trim().max(100, "文书号不能超过 100 字").optional()),
    note: z.preprocess(blank, z.string().trim().max(2000, "说明不能超过 2000 字").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "recovery" && v.amount === undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: "挽回经济损失须填写金额（元）" });
    if (v.kind === "rectification" && v.feedbackDate === undefined) ctx.addIssue({ code: "custom", path: ["feedbackDate"], message: "整改反馈须填写收到反馈的日期" });
  });

/** Records one outcome (监督成效) on a confirmed clue; several may be recorded. */
export async function addOutcome(actor: Actor, clueId: number | string, input: unknown): Promise<ClueOutcome> {
  requirePermission(actor, "clues.triage");
  const o = parseInput(ZOutcome, input);
  const { clue } = await loadClue(actor, clueId, "clues.triage");
  if (clue.status !== "confirmed") throw new ConflictError("只有成案的线索才能记录监督成效");
  if (actor.kind !== "user" || clue.assigneeId !== actor.id) throw new ForbiddenError("只有承办检察官可以记录监督成效");
  return getDb().transaction(async (tx) => {
    const [outcome] = await tx
      .insert(clueOutcomes)
      .values({ clueId: clue.id, orgId: clue.orgId, kind: o.kind, amount: o.amount ?? null, feedbackDate: o.feedbackDate ?? null, documentNo: o.documentNo ?? null, note: o.note ?? null, createdById: actor.id, createdByName: actor.name })
      .returning();
    const label = OUTCOME_KIND_LABELS[o.kind];
    await tx.insert(clueEvents).values({ clueId: clue.id, orgId: clue.orgId, actorId: actor.id, actorName: actor.name, action: "outcome", comment: o.note ?? null, detail: { kind: o.kind, label, amount: o.amount ?? null, feedbackDate: o.feedbackDate ?? null, documentNo: o.documentNo ?? null } });
    await recordAudit(actor, { action: "clue.outcome", orgId: clue.orgId, targetType: "clue", targetId: String(clue.id), detail: { title: clue.title, kind: label, amount: o.amount ?? null } }, tx);
    return outcome;
  });
}
