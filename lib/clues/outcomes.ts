import "server-only";
import { getDb } from "@/db/client";
import { clueEvents, clueOutcomes, type ClueOutcome } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { ConflictError, ForbiddenError } from "../errors";
import { parseInput } from "../validation";
import { OUTCOME_KIND_LABELS } from "./labels";
import { ZOutcome } from "./outcome-schema";
import { loadClue } from "./queries";

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
