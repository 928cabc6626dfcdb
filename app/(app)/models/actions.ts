"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { previewModel, type ModelPreview } from "@/lib/rules/preview-model";
import { cancelRun, setSchedule, startRun } from "@/lib/runs/commands";

type State = ActionResult<null> | null;

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function startRunAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const result = await runAction(async (actor) => {
    await startRun(actor, modelId, {});
    return null;
  });
  if (!result.ok) return result;
  revalidatePath(`/models/${modelId}`);
  return { ok: true, data: null, message: "已加入运行队列。" };
}

export async function cancelRunAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const result = await runAction(async (actor) => {
    await cancelRun(actor, text(formData, "runId"));
    return null;
  });
  if (!result.ok) return result;
  revalidatePath(`/models/${modelId}`);
  return { ok: true, data: null, message: "已取消。" };
}

export async function scheduleAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const result = await runAction((actor) => setSchedule(actor, modelId, { cron: text(formData, "cron") }));
  if (!result.ok) return result;
  revalidatePath(`/models/${modelId}`);
  return { ok: true, data: null, message: result.data ? "定时运行已设置。" : "已关闭定时运行。" };
}

export type PreviewState = ActionResult<ModelPreview> | null;

/** The published version's hits for the user's org, masked, a page at a time (`page`: the page button pressed); nothing is stored. */
export async function previewModelAction(_prev: PreviewState, formData: FormData): Promise<PreviewState> {
  const runDate = text(formData, "runDate");
  const page = text(formData, "page");
  return runAction((actor) => previewModel(actor, text(formData, "modelId"), { runDate: runDate || undefined, page: page || undefined }));
}
