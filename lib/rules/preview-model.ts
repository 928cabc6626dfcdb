import "server-only";
import type { Actor } from "../auth/actor";
import { evidenceSections, type EvidenceSection } from "../clues/evidence";
import { catalogDefinitions } from "../clues/queries";
import { getRunnableModel } from "../models/runnable";
import { previewRule } from "./service";

/** How many hits the model page previews: a look at what a run would find, not a list to work. */
export const MODEL_PREVIEW_LIMIT = 20;

export interface ModelPreview {
  count: number;
  clues: { title: string; subjectName: string | null; subjectId: string | null; evidence: EvidenceSection[] }[];
}

/**
 * The model page's preview: the published version's hits for the actor's org, nothing stored,
 * through the same masked, bounded previewRule as the API, evidence labelled as on a clue.
 */
export async function previewModel(actor: Actor, modelId: string, input: { runDate?: string }): Promise<ModelPreview> {
  const model = await getRunnableModel(actor, modelId);
  const result = await previewRule(actor, { definition: model.definition, limit: MODEL_PREVIEW_LIMIT, ...(input.runDate ? { runDate: input.runDate } : {}) });
  const datasets = await catalogDefinitions();
  return {
    count: result.count,
    clues: result.clues.map((c) => ({ title: c.title, subjectName: c.subject.name, subjectId: c.subject.idNumber, evidence: evidenceSections(model.definition, datasets, c.evidence) })),
  };
}
