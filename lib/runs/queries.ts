import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs, runs, runSchedules, type Run } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { inScope, requirePermission, scopeFor } from "../auth/policy";
import { NotFoundError } from "../errors";
import type { Rule } from "../rules/schema";

/** A model an org may run: its latest published version, owned by the org or an org above it. */
export interface RunnableModel {
  modelId: string;
  key: string;
  name: string;
  description: string;
  legalBasis: string;
  businessLine: string;
  builtin: boolean;
  versionId: string;
  version: number;
  contentHash: string;
  definition: Rule;
}

function runnableQuery(orgPath: string, modelId?: string) {
  return getDb()
    .selectDistinctOn([models.id], {
      modelId: models.id,
      key: models.key,
      name: models.name,
      description: models.description,
      legalBasis: models.legalBasis,
      businessLine: models.businessLine,
      builtin: models.builtin,
      versionId: modelVersions.id,
      version: modelVersions.version,
      contentHash: modelVersions.contentHash,
      definition: modelVersions.definition,
    })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.status, "published")))
    .innerJoin(orgs, eq(orgs.id, models.ownerOrgId))
    .where(and(sql`${orgPath} like ${orgs.path} || '%'`, modelId ? eq(models.id, modelId) : undefined))
    .orderBy(models.id, desc(modelVersions.version));
}

/** For workers and the seed, which act for an org (trusted path). */
export async function runnableModelsForOrg(orgPath: string): Promise<RunnableModel[]> {
  const rows = await runnableQuery(orgPath);
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

export async function runnableModelForOrg(orgPath: string, modelId: string): Promise<RunnableModel | null> {
  if (!z.uuid().safeParse(modelId).success) return null;
  const [row] = await runnableQuery(orgPath, modelId);
  return row ?? null;
}

export async function listRunnableModels(actor: Actor): Promise<RunnableModel[]> {
  requirePermission(actor, "models.read");
  return runnableModelsForOrg(actor.orgPath);
}

/** Id and name only (filters, menus): the definitions are large and a list page needs none. */
export async function runnableModelOptions(actor: Actor): Promise<{ id: string; name: string }[]> {
  requirePermission(actor, "models.read");
  return getDb()
    .selectDistinct({ id: models.id, name: models.name, key: models.key })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.status, "published")))
    .innerJoin(orgs, eq(orgs.id, models.ownerOrgId))
    .where(sql`${actor.orgPath} like ${orgs.path} || '%'`)
    .orderBy(models.key)
    .then((rows) => rows.map(({ id, name }) => ({ id, name })));
}

export async function getRunnableModel(actor: Actor, modelId: string): Promise<RunnableModel> {
  requirePermission(actor, "models.read");
  const model = await runnableModelForOrg(actor.orgPath, modelId);
  if (!model) throw new NotFoundError("模型");
  return model;
}

export interface RunView extends Run {
  modelName: string;
  orgName: string;
}

const runColumns = { run: runs, modelName: models.name, orgName: orgs.name };

/** One run the actor may read (its org's; leaders: the subtree's); 404 otherwise. */
export async function getRun(actor: Actor, id: string): Promise<RunView> {
  const scope = scopeFor(actor, "models.read");
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("运行记录");
  const [row] = await getDb()
    .select(runColumns)
    .from(runs)
    .innerJoin(models, eq(models.id, runs.modelId))
    .innerJoin(orgs, eq(orgs.id, runs.orgId))
    .where(and(eq(runs.id, id), inScope(runs.orgId, scope)))
    .limit(1);
  if (!row) throw new NotFoundError("运行记录");
  return { ...row.run, modelName: row.modelName, orgName: row.orgName };
}

/** The actor's org's runs of a model, newest first. */
export async function listRuns(actor: Actor, modelId: string, limit = 30): Promise<RunView[]> {
  const model = await getRunnableModel(actor, modelId);
  const rows = await getDb()
    .select(runColumns)
    .from(runs)
    .innerJoin(models, eq(models.id, runs.modelId))
    .innerJoin(orgs, eq(orgs.id, runs.orgId))
    .where(and(eq(runs.modelId, model.modelId), eq(runs.orgId, actor.orgId)))
    .orderBy(desc(runs.queuedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.run, modelName: r.modelName, orgName: r.orgName }));
}

export async function getSchedule(actor: Actor, modelId: string): Promise<string | null> {
  const model = await getRunnableModel(actor, modelId);
  const [row] = await getDb()
    .select({ cron: runSchedules.cron })
    .from(runSchedules)
    .where(and(eq(runSchedules.modelId, model.modelId), eq(runSchedules.orgId, actor.orgId)));
  return row?.cron ?? null;
}

/** Last run per model for the actor's org (the models page shows it). */
export async function latestRunsByModel(actor: Actor): Promise<Map<string, Run>> {
  requirePermission(actor, "models.read");
  const rows = await getDb()
    .selectDistinctOn([runs.modelId])
    .from(runs)
    .where(eq(runs.orgId, actor.orgId))
    .orderBy(runs.modelId, desc(runs.queuedAt));
  return new Map(rows.map((r) => [r.modelId, r]));
}
