import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { datasetOrgStats, datasets, type Dataset, type QualityReport } from "@/db/schema";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { inScope, requirePermission, scopeFor, type OrgScope } from "../auth/policy";
import { isUniqueViolation } from "../db-errors";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { addColumnStatement, createTableStatements } from "./ddl";
import { DATASET_FIELD_LABELS, ZDatasetDefinition, ZDatasetField, type DatasetDefinition } from "./definition";
import { assertDefinitionCodes, parseDatasetDefinition } from "./definition-check";

export interface DatasetSummary {
  id: string;
  key: string;
  name: string;
  definition: DatasetDefinition;
  builtin: boolean;
  ownerOrgId: string;
  /** Over the orgs the actor may read (its org, or its subtree for leaders). */
  rowCount: number;
  lastImportAt: Date | null;
  /** The actor's own org's latest score (null before the first quality check). */
  qualityScore: number | null;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function createTable(tx: Tx, def: DatasetDefinition): Promise<void> {
  for (const statement of createTableStatements(def)) await tx.execute(sql.raw(statement));
}

/** Registers a dataset and creates its table `ds.<key>`, in one transaction. */
export async function registerDataset(actor: Actor, input: unknown): Promise<Dataset> {
  requirePermission(actor, "datasets.manage");
  const def = await parseDatasetDefinition(input);
  try {
    return await getDb().transaction(async (tx) => {
      const [row] = await tx
        .insert(datasets)
        .values({ key: def.key, name: def.name, definition: def, ownerOrgId: actor.orgId, createdById: actor.kind === "user" ? actor.id : null })
        .returning();
      await createTable(tx, def);
      await recordAudit(actor, { action: "dataset.create", orgId: actor.orgId, targetType: "dataset", targetId: def.key, detail: { name: def.name } }, tx);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error) || (error as { code?: string }).code === "42P07") throw new ConflictError(`数据资源标识“${def.key}”已被使用`);
    throw error;
  }
}

/** For the seed: the built-in definitions, owned by the province, created once. */
export async function installBuiltinDatasets(db: Db, ownerOrgId: string, defs: DatasetDefinition[]): Promise<number> {
  await assertDefinitionCodes(defs);
  let created = 0;
  for (const def of defs) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(datasets)
        .values({ key: def.key, name: def.name, definition: def, ownerOrgId, builtin: true })
        .onConflictDoNothing()
        .returning({ id: datasets.id });
      if (!row) return;
      await createTable(tx, def);
      created++;
    });
  }
  return created;
}

/** One catalog entry by key (the catalog itself is visible to every role that reads data). */
export async function getDatasetByKey(actor: Actor, key: string): Promise<Dataset> {
  requirePermission(actor, "datasets.read");
  // A key no dataset can have (a NUL, a path) is simply not found; PostgreSQL never sees it.
  if (!ZDatasetDefinition.shape.key.safeParse(key).success) throw new NotFoundError("数据资源");
  const [row] = await getDb().select().from(datasets).where(eq(datasets.key, key)).limit(1);
  if (!row) throw new NotFoundError("数据资源");
  return row;
}

/** Adds a field to a dataset's definition and table; only the registering org may change it. */
export async function addDatasetField(actor: Actor, key: string, input: unknown): Promise<Dataset> {
  requirePermission(actor, "datasets.manage");
  const current = await getDatasetByKey(actor, key);
  if (current.ownerOrgId !== actor.orgId) throw new ForbiddenError("只有登记该数据资源的院可以修改其字段");
  const field = parseInput(ZDatasetField, input);
  const definition = parseInput(ZDatasetDefinition, { ...current.definition, fields: [...current.definition.fields, field] }, DATASET_FIELD_LABELS);
  return getDb().transaction(async (tx) => {
    const [row] = await tx.update(datasets).set({ definition, updatedAt: new Date() }).where(eq(datasets.id, current.id)).returning();
    await tx.execute(sql.raw(addColumnStatement(key, field)));
    await recordAudit(actor, { action: "dataset.add_field", orgId: actor.orgId, targetType: "dataset", targetId: key, detail: { name: field.name, label: field.label } }, tx);
    return row;
  });
}

function statsFor(scope: OrgScope) {
  return getDb()
    .select({
      datasetId: datasetOrgStats.datasetId,
      rowCount: sql<number>`coalesce(sum(${datasetOrgStats.rowCount}), 0)::bigint`.mapWith(Number),
      lastImportAt: sql<Date | null>`max(${datasetOrgStats.lastImportAt})`.mapWith((v: string | null) => (v ? new Date(v) : null)),
    })
    .from(datasetOrgStats)
    .where(inScope(datasetOrgStats.orgId, scope))
    .groupBy(datasetOrgStats.datasetId);
}

/** The catalog with row counts and last import over the actor's readable orgs. */
export async function listDatasets(actor: Actor): Promise<DatasetSummary[]> {
  const scope = scopeFor(actor, "datasets.read");
  const [all, stats, own] = await Promise.all([
    getDb().select().from(datasets).orderBy(datasets.key),
    statsFor(scope),
    getDb().select({ datasetId: datasetOrgStats.datasetId, quality: datasetOrgStats.quality }).from(datasetOrgStats).where(eq(datasetOrgStats.orgId, actor.orgId)),
  ]);
  const byId = new Map(stats.map((s) => [s.datasetId, s]));
  const quality = new Map<string, QualityReport | null>(own.map((q) => [q.datasetId, q.quality]));
  return all.map((d) => ({
    id: d.id,
    key: d.key,
    name: d.name,
    definition: d.definition,
    builtin: d.builtin,
    ownerOrgId: d.ownerOrgId,
    rowCount: byId.get(d.id)?.rowCount ?? 0,
    lastImportAt: byId.get(d.id)?.lastImportAt ?? null,
    qualityScore: quality.get(d.id)?.score ?? null,
  }));
}

export async function getDatasetSummary(actor: Actor, key: string): Promise<DatasetSummary> {
  const summary = (await listDatasets(actor)).find((d) => d.key === key);
  if (!summary) throw new NotFoundError("数据资源");
  return summary;
}

/** The org's own rows count and quality (the import keeps it current). */
export async function getOrgStats(datasetId: string, orgId: string): Promise<{ rowCount: number; quality: QualityReport | null } | null> {
  const [row] = await getDb()
    .select({ rowCount: datasetOrgStats.rowCount, quality: datasetOrgStats.quality })
    .from(datasetOrgStats)
    .where(and(eq(datasetOrgStats.datasetId, datasetId), eq(datasetOrgStats.orgId, orgId)));
  return row ?? null;
}
