import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs, runs, runSchedules, type Run } from "@/db/schema";
import { getRunnableModel } from "../models/runnable";
import type { Actor } from "../auth/actor";
import { inScope, requirePermission, scopeFor } from "../auth/policy";
import { NotFoundError } from "../errors";

export interface RunView extends Run {
  modelName: string;
  orgName: string;
  /** The version number the run executed (runs name their version by id). */
  modelVersion: number;
}

const runColumns = { run: runs, modelName: models.name, orgName: orgs.name, modelVersion: modelVersions.version };

/** One run the actor may read (its org's; leaders: the subtree's); 404 otherwise. */
export async function getRun(actor: Actor, id: string): Promise<RunView> {
  const scope = scopeFor(actor, "models.read");
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("运行记录");
  const [row] = await getDb()
    .select(runColumns)
    .from(runs)
    .innerJoin(models, eq(models.id, runs.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
    .innerJoin(orgs, eq(orgs.id, runs.orgId))
    .where(and(eq(runs.id, id), inScope(runs.orgId, scope)))
    .limit(1);
  if (!row) throw new NotFoundError("运行记录");
  return { ...row.run, modelName: row.modelName, orgName: row.orgName, modelVersion: row.modelVersion };
}

/** The actor's org's runs of a model, newest first. */
export async function listRuns(actor: Actor, modelId: string, limit = 30): Promise<RunView[]> {
  const model = await getRunnableModel(actor, modelId);
  const rows = await getDb()
    .select(runColumns)
    .from(runs)
    .innerJoin(models, eq(models.id, runs.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
    .innerJoin(orgs, eq(orgs.id, runs.orgId))
    .where(and(eq(runs.modelId, model.modelId), eq(runs.orgId, actor.orgId)))
    .orderBy(desc(runs.queuedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.run, modelName: r.modelName, orgName: r.orgName, modelVersion: r.modelVersion }));
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
