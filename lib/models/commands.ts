import "server-only";
import { and, eq, max } from "drizzle-orm";
import { getDb } from "@/db/client";
import { models, modelVersions, type ModelVersion } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../db-errors";
import { ConflictError, ValidationError } from "../errors";
import { codeIssues } from "../code-lists/queries";
import { checkDefinition, ruleContextFor } from "../rules/service";
import type { Rule } from "../rules/schema";
import { parseInput } from "../validation";
import { requireEdit } from "./policy";
import { getVersion, getVisibleModel, listVersions } from "./queries";
import { definitionHash } from "./registry";
import { ZCopyModelInput, ZCreateModelInput, ZCreateVersionInput, ZUpdateDraftInput } from "./schemas";

/** How a model's fields are named in an error summary (the form marks the field itself). */
const MODEL_FIELD_LABELS = { key: "模型标识", name: "模型名称", description: "说明", legalBasis: "法律依据", businessLine: "业务条线", supervisionPoint: "监督点", definition: "规则定义", fromVersion: "底稿版本" };

/** A checker path inside the request body, where the definition sits under `definition`. */
function bodyPath(rulePath: string): string {
  return rulePath === "(根)" ? "definition" : `definition.${rulePath}`;
}

/**
 * A definition a draft may hold: it parses and checks against the catalog, every problem at its
 * path (422). Data grants are not required yet: a builder drafts while the application is pending;
 * preview and run refuse a rule whose data the org does not hold.
 */
export async function validDraftDefinition(actor: Actor, definition: unknown): Promise<Rule> {
  const ctx = { ...(await ruleContextFor(actor.orgId)), granted: null };
  const { rule, issues } = await checkDefinition(definition, ctx);
  if (!rule || issues.length > 0) {
    const located = issues.map((i) => ({ path: bodyPath(i.path), message: i.message }));
    throw new ValidationError(`规则未通过检查：${located.map((i) => `${i.path}：${i.message}`).join("；")}`, located);
  }
  return rule;
}

/** 业务条线 and 监督点 must name active codes of the admin's lists (422 listing what may stand there). */
async function requireCodes(businessLine: string, supervisionPoint: string | null | undefined): Promise<void> {
  const issues = await codeIssues([
    { path: "businessLine", kind: "businessLine", value: businessLine },
    ...(supervisionPoint ? [{ path: "supervisionPoint", kind: "supervisionPoint" as const, value: supervisionPoint }] : []),
  ]);
  if (issues.length > 0) throw new ValidationError(`输入有误 — ${issues.map((i) => i.message).join("；")}`, issues);
}

function author(actor: Actor): { createdById: string | null; createdByName: string; updatedByName: string } {
  return { createdById: actor.kind === "user" ? actor.id : null, createdByName: actor.name, updatedByName: actor.name };
}

/** A model of the actor's org with its first draft (POST /api/v1/models). */
export async function createModel(actor: Actor, input: unknown): Promise<{ id: string; version: number }> {
  requirePermission(actor, "models.build");
  const data = parseInput(ZCreateModelInput, input, MODEL_FIELD_LABELS);
  await requireCodes(data.businessLine, data.supervisionPoint);
  const rule = await validDraftDefinition(actor, data.definition);
  try {
    return await getDb().transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values({ key: data.key, name: data.name, description: data.description, legalBasis: data.legalBasis, businessLine: data.businessLine, supervisionPoint: data.supervisionPoint ?? null, ownerOrgId: actor.orgId })
        .returning({ id: models.id });
      await tx.insert(modelVersions).values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status: "draft", ...author(actor) });
      await recordAudit(actor, { action: "model.create", orgId: actor.orgId, targetType: "model", targetId: model.id, detail: { name: data.name, key: data.key } }, tx);
      return { id: model.id, version: 1 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`本院已有标识为“${data.key}”的模型，请换一个标识`);
    throw error;
  }
}

/** The model's open draft, if any (there is at most one). */
async function openDraft(modelId: string): Promise<ModelVersion | null> {
  const [draft] = await getDb()
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, "draft")));
  return draft ?? null;
}

/**
 * The next draft of a model of the actor's org, from a definition or from one of its versions
 * (editing a published model, 恢复为新草稿). One draft at a time: with one open, 409 names it.
 */
export async function createDraft(actor: Actor, modelId: string, input: unknown): Promise<ModelVersion> {
  const { model } = await getVisibleModel(actor, modelId);
  requireEdit(actor, model.ownerOrgId);
  const data = parseInput(ZCreateVersionInput, input);
  const base = data.fromVersion === undefined ? null : await getVersion(actor, model.id, data.fromVersion);
  const rule = base ? base.definition : await validDraftDefinition(actor, data.definition);
  const open = await openDraft(model.id);
  if (open) throw new ConflictError(`该模型已有草稿 v${open.version}，请继续编辑该草稿`);
  try {
    return await getDb().transaction(async (tx) => {
      const [{ latest }] = await tx.select({ latest: max(modelVersions.version) }).from(modelVersions).where(eq(modelVersions.modelId, model.id));
      const [draft] = await tx
        .insert(modelVersions)
        .values({ modelId: model.id, version: (latest ?? 0) + 1, definition: rule, contentHash: definitionHash(rule), status: "draft", basedOnVersion: base?.version ?? null, ...author(actor) })
        .returning();
      await recordAudit(actor, { action: "model.version_create", orgId: actor.orgId, targetType: "model", targetId: model.id, detail: { name: model.name, version: draft.version, from: base?.version ?? null } }, tx);
      return draft;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("该模型刚刚有了新的草稿，请刷新后继续编辑该草稿");
    throw error;
  }
}

/** Saves a draft's definition (PUT …/versions/{v}); a version past draft is frozen (409). */
export async function updateDraft(actor: Actor, modelId: string, version: number, input: unknown): Promise<ModelVersion> {
  const { model } = await getVisibleModel(actor, modelId);
  const current = await getVersion(actor, model.id, version);
  requireEdit(actor, model.ownerOrgId);
  if (current.status !== "draft") throw new ConflictError(`v${version} 已不是草稿，不能修改；请以它为底稿创建新草稿`);
  const data = parseInput(ZUpdateDraftInput, input);
  const rule = await validDraftDefinition(actor, data.definition);
  return getDb().transaction(async (tx) => {
    const [saved] = await tx
      .update(modelVersions)
      .set({ definition: rule, contentHash: definitionHash(rule), updatedAt: new Date(), updatedByName: actor.name })
      .where(and(eq(modelVersions.id, current.id), eq(modelVersions.status, "draft")))
      .returning();
    if (!saved) throw new ConflictError(`v${version} 已不是草稿，不能修改；请以它为底稿创建新草稿`);
    if (saved.contentHash !== current.contentHash) {
      await recordAudit(actor, { action: "model.version_update", orgId: actor.orgId, targetType: "model", targetId: model.id, detail: { name: model.name, version } }, tx);
    }
    return saved;
  });
}

async function freeKey(orgId: string, wanted: string): Promise<string> {
  const taken = new Set((await getDb().select({ key: models.key }).from(models).where(eq(models.ownerOrgId, orgId))).map((r) => r.key));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted.slice(0, 58)}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * 复制为新模型: a new model of the actor's org whose first draft is a version the actor may see
 * (the newest by default), remembering where it came from.
 */
export async function copyModel(actor: Actor, modelId: string, input: unknown = {}): Promise<{ id: string; version: number }> {
  requirePermission(actor, "models.build");
  const { model: source } = await getVisibleModel(actor, modelId);
  const data = parseInput(ZCopyModelInput, input ?? {}, MODEL_FIELD_LABELS);
  const from = await getVersion(actor, source.id, data.fromVersion ?? (await latestVisibleVersion(actor, source.id)));
  const key = data.key ?? (await freeKey(actor.orgId, source.ownerOrgId === actor.orgId ? `${source.key.slice(0, 57)}_copy` : source.key));
  const name = data.name ?? (source.ownerOrgId === actor.orgId ? `${source.name.slice(0, 55)}（副本）` : source.name);
  try {
    return await getDb().transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values({ key, name, description: source.description, legalBasis: source.legalBasis, businessLine: source.businessLine, supervisionPoint: source.supervisionPoint, ownerOrgId: actor.orgId, adoptedFromId: source.id })
        .returning({ id: models.id });
      await tx.insert(modelVersions).values({ modelId: model.id, version: 1, definition: from.definition, contentHash: from.contentHash, status: "draft", ...author(actor) });
      await recordAudit(actor, { action: "model.copy", orgId: actor.orgId, targetType: "model", targetId: model.id, detail: { name, from: source.name, version: from.version } }, tx);
      return { id: model.id, version: 1 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`本院已有标识为“${key}”的模型，请换一个标识`);
    throw error;
  }
}

async function latestVisibleVersion(actor: Actor, modelId: string): Promise<number> {
  return (await listVersions(actor, modelId))[0].version;
}

/**
 * 编辑: the model's open draft, or the next draft made from its newest version (so editing a
 * published model never touches the version that runs).
 */
export async function editModel(actor: Actor, modelId: string): Promise<ModelVersion> {
  const { model } = await getVisibleModel(actor, modelId);
  requireEdit(actor, model.ownerOrgId);
  const open = await openDraft(model.id);
  if (open) return open;
  return createDraft(actor, model.id, { fromVersion: await latestVisibleVersion(actor, model.id) });
}
