import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { NotFoundError } from "../errors";
import type { Rule } from "../rules/schema";
import { ownerIsSelfOrAbove } from "./policy";

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

/** The org path stands for the actor here: workers and the seed act for an org (trusted path). */
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
    .where(and(ownerIsSelfOrAbove({ orgPath }), modelId ? eq(models.id, modelId) : undefined))
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
    .where(ownerIsSelfOrAbove(actor))
    .orderBy(models.key)
    .then((rows) => rows.map(({ id, name }) => ({ id, name })));
}

export async function getRunnableModel(actor: Actor, modelId: string): Promise<RunnableModel> {
  requirePermission(actor, "models.read");
  const model = await runnableModelForOrg(actor.orgPath, modelId);
  if (!model) throw new NotFoundError("模型");
  return model;
}
