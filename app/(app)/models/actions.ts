"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { copyModel, createDraft, createModel, editModel, updateDraft } from "@/lib/models/commands";
import { setModelParamsFromForm } from "@/lib/models/params";
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

/** 本院参数: the org's own values of the model's parameters (an empty field: the default). */
export async function modelParamsAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const fields = new Map([...formData.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const result = await runAction(async (actor) => {
    await setModelParamsFromForm(actor, modelId, fields);
    return null;
  });
  if (!result.ok) return result;
  revalidatePath(`/models/${modelId}`);
  return { ok: true, data: null, message: "本院参数已保存，下次运行起生效。" };
}

export type PreviewState = ActionResult<ModelPreview> | null;

/** The published version's hits for the user's org, masked, a page at a time (`page`: the page button pressed); nothing is stored. */
export async function previewModelAction(_prev: PreviewState, formData: FormData): Promise<PreviewState> {
  const runDate = text(formData, "runDate");
  const page = text(formData, "page");
  return runAction((actor) => previewModel(actor, text(formData, "modelId"), { runDate: runDate || undefined, page: page || undefined }));
}

/** 编辑规则: opens the model's draft, making it from the newest version when there is none. */
export async function editModelAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const result = await runAction((actor) => editModel(actor, modelId));
  if (!result.ok) return result;
  redirect(`/models/${modelId}/versions/${result.data.version}`);
}

/** 恢复为新草稿: a new draft from an earlier version. */
export async function restoreVersionAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const fromVersion = Number(text(formData, "version"));
  const result = await runAction((actor) => createDraft(actor, modelId, { fromVersion }));
  if (!result.ok) return result;
  redirect(`/models/${modelId}/versions/${result.data.version}`);
}

/** 复制为新模型: a new model of the user's org, opened on its draft. */
export async function copyModelAction(_prev: State, formData: FormData): Promise<State> {
  const modelId = text(formData, "modelId");
  const result = await runAction((actor) => copyModel(actor, modelId, {}));
  if (!result.ok) return result;
  redirect(`/models/${result.data.id}/versions/${result.data.version}`);
}

export type SaveDraftState = ActionResult<{ contentHash: string }> | null;

/** “（第 3 行第 1 列附近）” from the parser's character position (its own message is English). */
function jsonErrorPlace(json: string, error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (!at) return "";
  const before = json.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `（第 ${line} 行第 ${column} 列附近）`;
}

/** The JSON editor's text as a definition, or where it stops being JSON. */
function parseDefinition(json: string): { definition: unknown } | { error: string } {
  try {
    return { definition: JSON.parse(json) as unknown };
  } catch (error) {
    return { error: `规则不是有效的 JSON${jsonErrorPlace(json, error)}，请检查括号、逗号和引号` };
  }
}

/** Saves a draft's definition from the JSON editor; a refusal lists each problem at its path (the editor keeps the text). */
export async function saveDraftAction(_prev: SaveDraftState, formData: FormData): Promise<SaveDraftState> {
  const modelId = text(formData, "modelId");
  const version = Number(text(formData, "version"));
  const json = text(formData, "definition");
  const parsed = parseDefinition(json);
  if ("error" in parsed) return { ok: false, error: parsed.error };
  const { definition } = parsed;
  const result = await runAction(async (actor) => {
    const saved = await updateDraft(actor, modelId, version, { definition });
    return { contentHash: saved.contentHash };
  });
  if (!result.ok) return result;
  revalidatePath(`/models/${modelId}`);
  return { ok: true, data: result.data, message: `已保存草稿 v${version}（内容摘要 ${result.data.contentHash.slice(0, 12)}）` };
}

export type CreateModelState = ActionResult<null> | null;

/** 新建模型: a model of the user's org with its first draft, opened in the draft editor. */
export async function createModelAction(_prev: CreateModelState, formData: FormData): Promise<CreateModelState> {
  const json = text(formData, "definition");
  const parsed = parseDefinition(json);
  if ("error" in parsed) return { ok: false, error: parsed.error };
  const { definition } = parsed;
  const input = {
    key: text(formData, "key"),
    name: text(formData, "name"),
    description: text(formData, "description"),
    legalBasis: text(formData, "legalBasis"),
    businessLine: text(formData, "businessLine"),
    supervisionPoint: text(formData, "supervisionPoint") || null,
    definition,
  };
  const result = await runAction((actor) => createModel(actor, input));
  if (!result.ok) return result;
  redirect(`/models/${result.data.id}/versions/${result.data.version}`);
}
