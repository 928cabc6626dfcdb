import "server-only";
import { createHash } from "node:crypto";
import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { models, modelVersions, type ModelVersionStatus } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { inScope, scopeFor } from "../auth/policy";
import type { ModelFile } from "../rules/model-file";
import type { Rule } from "../rules/schema";

/** JSON with sorted keys: the same definition always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function definitionHash(rule: Rule): string {
  return createHash("sha256").update(canonical(rule)).digest("hex");
}

/** For the seed: the built-in models, owned by the province, version 1 published (once). */
export async function installBuiltinModels(db: Db, ownerOrgId: string, files: ModelFile[]): Promise<number> {
  let created = 0;
  for (const file of files) {
    await db.transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values({ key: file.key, name: file.name, description: file.description, legalBasis: file.legalBasis, businessLine: file.businessLine, ownerOrgId, builtin: true })
        .onConflictDoNothing()
        .returning({ id: models.id });
      if (!model) return;
      await tx.insert(modelVersions).values({ modelId: model.id, version: 1, definition: file.rule, contentHash: definitionHash(file.rule), status: "published", publishedAt: new Date() });
      created++;
    });
  }
  return created;
}

export interface ModelSummary {
  id: string;
  key: string;
  name: string;
  businessLine: string;
  builtin: boolean;
  latestVersion: number;
  status: ModelVersionStatus;
}

/** The org's own models and every published one (the market), with their latest version. */
export async function listModels(actor: Actor): Promise<ModelSummary[]> {
  const scope = scopeFor(actor, "models.read");
  const latest = getDb()
    .select({ modelId: modelVersions.modelId, latestVersion: sql<number>`max(${modelVersions.version})`.as("latest_version") })
    .from(modelVersions)
    .groupBy(modelVersions.modelId)
    .as("latest");
  const rows = await getDb()
    .select({ model: models, version: modelVersions.version, status: modelVersions.status })
    .from(models)
    .innerJoin(latest, eq(latest.modelId, models.id))
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.version, latest.latestVersion)))
    .where(or(inScope(models.ownerOrgId, scope), eq(modelVersions.status, "published")))
    .orderBy(models.key);
  return rows.map((r) => ({ id: r.model.id, key: r.model.key, name: r.model.name, businessLine: r.model.businessLine, builtin: r.model.builtin, latestVersion: r.version, status: r.status }));
}
