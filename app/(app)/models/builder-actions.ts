"use server";

import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { updateDraft } from "@/lib/models/commands";
import { checkRuleFor, explainRule, previewRule, type PreviewResult } from "@/lib/rules/service";

/** The builder's live check: every problem of the definition being edited, at its path (nothing stored). */
export async function checkDefinitionAction(definition: unknown): Promise<ActionResult<{ path: string; message: string }[]>> {
  return runAction((actor) => checkRuleFor(actor, definition));
}

/** The builder's preview: the first 20 hits of the definition being edited, masked, with the funnel (nothing stored). */
export async function previewDefinitionAction(definition: unknown, runDate: string): Promise<ActionResult<PreviewResult>> {
  return runAction((actor) => previewRule(actor, { definition, limit: 20, runDate: runDate || undefined }));
}

/** Autosave of a draft being built: the same checked save as 保存草稿 (a rule that fails the checker is not saved). */
export async function autosaveDraftAction(modelId: string, version: number, definition: unknown): Promise<ActionResult<{ contentHash: string }>> {
  return runAction(async (actor) => {
    const saved = await updateDraft(actor, modelId, version, { definition });
    return { contentHash: saved.contentHash };
  });
}

/** The compiled SQL of the definition being edited and PostgreSQL's plan for it (nothing is run). */
export async function explainDefinitionAction(definition: unknown, runDate: string): Promise<ActionResult<{ sql: string; plan: string }>> {
  return runAction(async (actor) => {
    const { sql, plan } = await explainRule(actor, definition, runDate || undefined);
    return { sql, plan };
  });
}
