import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { modelParamSettings } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { can, requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { NotFoundError, ValidationError } from "../errors";
import { checkParamValues, resolveParams, type ParamDecl, type ParamType, type ParamValues, type ResolvedParam } from "../rules/nodes/param";
import type { Literal } from "../rules/schema";
import { parseInput } from "../validation";
import { runnableModelForOrg, type RunnableModel } from "./runnable";

/**
 * 本院参数: an org's own values of the parameters a model's rule declares (lib/rules/nodes/param.ts).
 * Settings always belong to the actor's own org, for a model that org may run (its latest published
 * version declares the parameters); any other model answers 404. Reading needs models.read,
 * setting models.build (the org's model builders). A run uses the version's defaults overridden
 * by these values (`orgParamValues`).
 */

/** One parameter as the form and the API show it. */
export interface ModelParamView {
  name: string;
  label: string;
  type: ParamType;
  default: Literal;
  min?: number | string;
  max?: number | string;
  /** The value a run of this org uses now. */
  value: Literal;
  source: ResolvedParam["source"];
}

export interface ModelParams {
  modelId: string;
  name: string;
  version: number;
  params: ModelParamView[];
  /** Whether this actor may set them. */
  canEdit: boolean;
  updatedAt: Date | null;
}

/** The org's stored values (the trusted path: workers run for an org). */
export async function orgParamValues(orgId: string, modelId: string): Promise<ParamValues> {
  const [row] = await getDb()
    .select({ values: modelParamSettings.values })
    .from(modelParamSettings)
    .where(and(eq(modelParamSettings.orgId, orgId), eq(modelParamSettings.modelId, modelId)));
  return row?.values ?? {};
}

async function runnableOr404(actor: Actor, modelId: string): Promise<RunnableModel> {
  const model = await runnableModelForOrg(actor.orgPath, modelId);
  if (!model) throw new NotFoundError("模型");
  return model;
}

function view(actor: Actor, model: RunnableModel, values: ParamValues, updatedAt: Date | null): ModelParams {
  const decls: Record<string, ParamDecl> = model.definition.params ?? {};
  const resolved = resolveParams(decls, values);
  const params = Object.entries(decls).map(([name, d]) => {
    const used = resolved.get(name)!;
    return { name, label: d.label, type: d.type, default: d.default, ...(d.min !== undefined && { min: d.min }), ...(d.max !== undefined && { max: d.max }), value: used.value, source: used.source };
  });
  return { modelId: model.modelId, name: model.name, version: model.version, params, canEdit: can(actor, "models.build"), updatedAt };
}

export async function getModelParams(actor: Actor, modelId: string): Promise<ModelParams> {
  requirePermission(actor, "models.read");
  const model = await runnableOr404(actor, modelId);
  const [row] = await getDb()
    .select()
    .from(modelParamSettings)
    .where(and(eq(modelParamSettings.orgId, actor.orgId), eq(modelParamSettings.modelId, model.modelId)));
  return view(actor, model, row?.values ?? {}, row?.updatedAt ?? null);
}

/** The whole set: a parameter left out (or null) goes back to the model's default. */
const ZSetParams = z.object({ values: z.record(z.string(), z.unknown()) }).strict();

/**
 * Replaces the org's values of a model's parameters, each checked against the declaration of the
 * version that runs (type and bounds: 422 naming `values.<name>`). Audited.
 */
export async function setModelParams(actor: Actor, modelId: string, input: unknown): Promise<ModelParams> {
  requirePermission(actor, "models.read");
  const model = await runnableOr404(actor, modelId);
  requirePermission(actor, "models.build");
  const { values } = parseInput(ZSetParams, input);
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== ""));
  const issues = checkParamValues(model.definition.params ?? {}, set);
  if (issues.length > 0) throw new ValidationError(`参数取值有误 — ${issues.map((i) => i.message).join("；")}`, issues);
  const stored = set as ParamValues;
  const now = new Date();
  await getDb().transaction(async (tx) => {
    await tx
      .insert(modelParamSettings)
      .values({ orgId: actor.orgId, modelId: model.modelId, values: stored, updatedById: actor.kind === "user" ? actor.id : null, updatedAt: now })
      .onConflictDoUpdate({ target: [modelParamSettings.orgId, modelParamSettings.modelId], set: { values: stored, updatedById: actor.kind === "user" ? actor.id : null, updatedAt: now } });
    await recordAudit(actor, { action: "model.set_params", orgId: actor.orgId, targetType: "model", targetId: model.modelId, detail: { name: model.name, values: stored } }, tx);
  });
  return view(actor, model, stored, now);
}

/**
 * The 本院参数 form's fields (`param.<name>` → the text typed) as values: numbers for integer and
 * numeric parameters when the text is one (anything else is kept as typed, so the check names it),
 * an empty field the model's default.
 */
export function paramValuesFromForm(params: readonly Pick<ModelParamView, "name" | "type">[], fields: ReadonlyMap<string, string>): Record<string, Literal | null> {
  const values: Record<string, Literal | null> = {};
  for (const p of params) {
    const typed = (fields.get(`param.${p.name}`) ?? "").trim();
    if (typed === "") values[p.name] = null;
    else if (p.type === "integer" || p.type === "numeric") values[p.name] = /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
    else values[p.name] = typed;
  }
  return values;
}

/** Saves the 本院参数 form: its fields read against the parameters the running version declares. */
export async function setModelParamsFromForm(actor: Actor, modelId: string, fields: ReadonlyMap<string, string>): Promise<ModelParams> {
  const current = await getModelParams(actor, modelId);
  return setModelParams(actor, modelId, { values: paramValuesFromForm(current.params, fields) });
}
