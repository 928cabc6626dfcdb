import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs, type Model, type ModelVersion, type ModelVersionStatus } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { NotFoundError } from "../errors";
import { catalogDefinitions } from "../clues/queries";
import { diffVersions, type VersionDiff } from "./diff";
import { visibleVersionCondition } from "./policy";
import { runnableModelForOrg, type RunnableModel } from "./runnable";

export interface ModelSummary {
  id: string;
  key: string;
  name: string;
  businessLine: string;
  builtin: boolean;
  ownerOrgId: string;
  ownerOrgName: string;
  /** The newest version the actor may see (a draft for the owner org, else the newest released). */
  latestVersion: number;
  status: ModelVersionStatus;
}

/**
 * The models the actor may see (lib/models/policy.ts): its org's own, with their drafts, and the
 * released models it may run or, for leaders, those of the orgs below. Each with the newest
 * version the actor may see; every model listed opens on its page.
 */
export async function listModels(actor: Actor): Promise<ModelSummary[]> {
  const rows = await getDb()
    .selectDistinctOn([models.id], { model: models, ownerOrgName: orgs.name, version: modelVersions.version, status: modelVersions.status })
    .from(models)
    .innerJoin(orgs, eq(orgs.id, models.ownerOrgId))
    .innerJoin(modelVersions, eq(modelVersions.modelId, models.id))
    .where(visibleVersionCondition(actor))
    .orderBy(models.id, desc(modelVersions.version));
  return rows
    .map((r) => ({
      id: r.model.id,
      key: r.model.key,
      name: r.model.name,
      businessLine: r.model.businessLine,
      builtin: r.model.builtin,
      ownerOrgId: r.model.ownerOrgId,
      ownerOrgName: r.ownerOrgName,
      latestVersion: r.version,
      status: r.status,
    }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.ownerOrgName.localeCompare(b.ownerOrgName));
}

/** A model the actor may see, with its owner org; 404 for anything else (a malformed id too). */
export async function getVisibleModel(actor: Actor, modelId: string) {
  if (!z.uuid().safeParse(modelId).success) throw new NotFoundError("模型");
  const [row] = await getDb()
    .selectDistinctOn([models.id], { model: models, owner: { id: orgs.id, path: orgs.path, name: orgs.name } })
    .from(models)
    .innerJoin(orgs, eq(orgs.id, models.ownerOrgId))
    .innerJoin(modelVersions, eq(modelVersions.modelId, models.id))
    .where(and(eq(models.id, modelId), visibleVersionCondition(actor)));
  if (!row) throw new NotFoundError("模型");
  return row;
}

export interface VersionSummary {
  id: string;
  version: number;
  status: ModelVersionStatus;
  contentHash: string;
  createdAt: Date;
  createdById: string | null;
  /** Who created it (a user's or an API key's name); empty for the built-ins the seed installed. */
  createdByName: string;
  publishedAt: Date | null;
  /** The version it was made from (编辑 / 恢复为新草稿), null for a first version. */
  basedOnVersion: number | null;
  updatedAt: Date;
  updatedByName: string;
}

/** The versions of a visible model the actor may see, newest first (another org's drafts are left out). */
export async function listVersions(actor: Actor, modelId: string): Promise<VersionSummary[]> {
  const { model } = await getVisibleModel(actor, modelId);
  return getDb()
    .select({
      id: modelVersions.id,
      version: modelVersions.version,
      status: modelVersions.status,
      contentHash: modelVersions.contentHash,
      createdAt: modelVersions.createdAt,
      createdById: modelVersions.createdById,
      createdByName: modelVersions.createdByName,
      publishedAt: modelVersions.publishedAt,
      basedOnVersion: modelVersions.basedOnVersion,
      updatedAt: modelVersions.updatedAt,
      updatedByName: modelVersions.updatedByName,
    })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(orgs, eq(orgs.id, models.ownerOrgId))
    .where(and(eq(modelVersions.modelId, model.id), visibleVersionCondition(actor)))
    .orderBy(desc(modelVersions.version));
}

/** One version the actor may see, with its definition; 404 otherwise. */
export async function getVersion(actor: Actor, modelId: string, version: number): Promise<ModelVersion> {
  const { model } = await getVisibleModel(actor, modelId);
  if (!Number.isSafeInteger(version) || version < 1) throw new NotFoundError("模型版本");
  const [row] = await getDb()
    .select({ version: modelVersions })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(orgs, eq(orgs.id, models.ownerOrgId))
    .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, version), visibleVersionCondition(actor)));
  if (!row) throw new NotFoundError("模型版本");
  return row.version;
}

export interface ModelPageData {
  model: Model;
  owner: { id: string; path: string; name: string };
  /** The latest published version when the actor's org may run the model, else null. */
  runnable: RunnableModel | null;
  /** The version the page shows: the one that runs, else the newest the actor may see. */
  shown: ModelVersion;
  versions: VersionSummary[];
}

/** Everything the model page reads, through the one visibility rule (404 when not visible). */
export async function getModelPage(actor: Actor, modelId: string): Promise<ModelPageData> {
  const { model, owner } = await getVisibleModel(actor, modelId);
  const [versions, runnable] = await Promise.all([listVersions(actor, model.id), runnableModelForOrg(actor.orgPath, model.id)]);
  const shown = await getVersion(actor, model.id, runnable?.version ?? versions[0].version);
  return { model, owner, runnable, shown, versions };
}

export interface VersionComparison {
  before: ModelVersion;
  after: ModelVersion;
  diff: VersionDiff;
}

/** The diff between two versions the actor may see (each 404 otherwise). */
export async function compareVersions(actor: Actor, modelId: string, from: number, to: number): Promise<VersionComparison> {
  const [before, after, datasets] = await Promise.all([getVersion(actor, modelId, from), getVersion(actor, modelId, to), catalogDefinitions()]);
  return { before, after, diff: diffVersions(before.definition, after.definition, datasets) };
}
