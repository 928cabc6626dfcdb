"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { actOnClue, assignClues } from "@/lib/clues/commands";
import { addOutcome } from "@/lib/clues/outcomes";
import { revealClueField } from "@/lib/clues/reveal";

type State = ActionResult<null> | null;

/** Form fields as a plain object (absent fields stay absent, so zod names them in Chinese). */
function fields(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && !key.startsWith("$")) out[key] = value;
  return out;
}

const DONE: Record<string, string> = {
  assign: "已分派。",
  verify: "已开始核查。",
  confirm: "已成案。请记录监督成效。",
  dismiss: "已作不成案处理。",
  transfer: "已移送。",
  reopen: "已重新打开。",
  comment: "备注已添加。",
};

export async function clueAction(_prev: State, formData: FormData): Promise<State> {
  const { clueId, ...command } = fields(formData);
  const result = await runAction(async (actor) => {
    await actOnClue(actor, clueId, command);
    return null;
  });
  if (!result.ok) return result;
  revalidatePath(`/clues/${clueId}`);
  return { ok: true, data: null, message: DONE[command.action] ?? "已保存。" };
}

export async function bulkAssignAction(_prev: State, formData: FormData): Promise<State> {
  const ids = formData.getAll("ids").map(String);
  const assigneeId = String(formData.get("assigneeId") ?? "");
  const result = await runAction((actor) => assignClues(actor, { ids, assigneeId }));
  if (!result.ok) return result;
  revalidatePath("/clues");
  return { ok: true, data: null, message: `已分派 ${result.data} 条线索。` };
}

export async function outcomeAction(_prev: State, formData: FormData): Promise<State> {
  const { clueId, ...outcome } = fields(formData);
  const result = await runAction(async (actor) => {
    await addOutcome(actor, clueId, outcome);
    return null;
  });
  if (!result.ok) return result;
  revalidatePath(`/clues/${clueId}`);
  return { ok: true, data: null, message: "监督成效已记录。" };
}

/** The clear value of one masked field; the reveal is audited and rate-limited in lib/. */
export async function revealAction(clueId: number, field: string): Promise<ActionResult<string>> {
  return runAction((actor) => revealClueField(actor, clueId, { field }));
}
