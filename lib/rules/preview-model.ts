import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { evidenceSections, type EvidenceSection } from "../clues/evidence";
import { catalogDefinitions } from "../clues/queries";
import { ValidationError } from "../errors";
import { orgParamValues } from "../models/params";
import { getRunnableModel } from "../models/runnable";
import type { FunnelStep } from "./preview-funnel";
import { previewRule } from "./service";

/** Hits per page of the model page's preview: a look at what a run would find, paged with 上一页/下一页. */
export const MODEL_PREVIEW_LIMIT = 10;

export interface ModelPreview {
  count: number;
  clues: { title: string; subjectName: string | null; subjectId: string | null; evidence: EvidenceSection[] }[];
  /** 1 for the first page. */
  page: number;
  /** What the panel's 上一页 and 下一页 buttons send back (ModelPreviewPage, as JSON); null when there is none. */
  previous: string | null;
  next: string | null;
  funnel: FunnelStep[] | null;
}

/**
 * Where the panel is: the page's cursor ("" for the first page) and the cursors of the pages before
 * it, so 上一页 needs no state kept anywhere but in the button (it works without JavaScript too).
 */
const ZModelPreviewPage = z.object({ cursor: z.string().max(512), trail: z.array(z.string().max(512)).max(500) }).strict();
type ModelPreviewPage = z.infer<typeof ZModelPreviewPage>;

function parsePage(page: string | undefined): ModelPreviewPage {
  if (!page) return { cursor: "", trail: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(page);
  } catch {
    raw = null;
  }
  const parsed = ZModelPreviewPage.safeParse(raw);
  if (!parsed.success) throw new ValidationError("翻页参数无效：请重新预览", [{ path: "page", message: "无法识别的翻页参数" }]);
  return parsed.data;
}

/**
 * The model page's preview: the published version's hits for the actor's org, nothing stored,
 * through the same masked, bounded previewRule as the API, evidence labelled as on a clue.
 */
export async function previewModel(actor: Actor, modelId: string, input: { runDate?: string; page?: string }): Promise<ModelPreview> {
  const model = await getRunnableModel(actor, modelId);
  const at = parsePage(input.page);
  // What a run would find: the org's parameter settings, as a run uses them.
  const result = await previewRule(
    actor,
    { definition: model.definition, limit: MODEL_PREVIEW_LIMIT, ...(input.runDate ? { runDate: input.runDate } : {}), ...(at.cursor ? { cursor: at.cursor } : {}) },
    { orgParams: await orgParamValues(actor.orgId, model.modelId) },
  );
  const datasets = await catalogDefinitions();
  return {
    count: result.count,
    clues: result.clues.map((c) => ({ title: c.title, subjectName: c.subject.name, subjectId: c.subject.idNumber, evidence: evidenceSections(model.definition, datasets, c.evidence) })),
    page: at.trail.length + 1,
    previous: at.cursor && at.trail.length > 0 ? JSON.stringify({ cursor: at.trail[at.trail.length - 1], trail: at.trail.slice(0, -1) }) : null,
    next: result.nextCursor ? JSON.stringify({ cursor: result.nextCursor, trail: [...at.trail, at.cursor] }) : null,
    funnel: result.funnel,
  };
}
