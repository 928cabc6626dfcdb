import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb, getSql } from "@/db/client";
import { datasetImports, datasetOrgStats, datasets, type QualityReport } from "@/db/schema";
import { quoteIdent, tableRef } from "./ddl";
import type { DatasetDefinition, DatasetField } from "./definition";

const EXAMPLES = 5;

interface Predicates {
  missing: { field: DatasetField; sql: string }[];
  malformed: { field: DatasetField; sql: string }[];
  late: string | null;
}

const col = (name: string): string => `t.${quoteIdent(name)}`;

/**
 * 数检通-style checks as SQL predicates over `t` (the dataset rows) and `i` (their import):
 * 漏填 required values missing; 错填 future or pre-1900 dates, negative amounts;
 * 迟填 a record that arrives in a later delivery although its record date is more than
 * `lateAfterDays` before the previous delivery (it should have been in that one). A first
 * import has nothing to be late against.
 */
function predicates(def: DatasetDefinition): Predicates {
  const missing = def.fields.filter((f) => f.required).map((field) => ({ field, sql: `${col(field.name)} is null` }));
  const malformed: Predicates["malformed"] = [];
  for (const field of def.fields) {
    if (field.type === "date") malformed.push({ field, sql: `(${col(field.name)} > i.import_day or ${col(field.name)} < date '1900-01-01')` });
    if (field.type === "timestamp") malformed.push({ field, sql: `(${col(field.name)} > i.created_at or ${col(field.name)} < timestamptz '1900-01-01')` });
    if (field.nonNegative && (field.type === "integer" || field.type === "numeric")) malformed.push({ field, sql: `${col(field.name)} < 0` });
  }
  const late = def.recordDateField ? `${col(def.recordDateField)} < i.late_before` : null;
  return { missing, malformed, late };
}

const anyOf = (parts: string[]): string => (parts.length ? parts.map((p) => `(${p})`).join(" or ") : "false");

function scopeClause(importId: string | null): string {
  return importId ? "t.org_id = $1 and t.import_id = $3" : "t.org_id = $1";
}

function rowsOnlyScope(importId: string | null): string {
  return importId ? "t.org_id = $1 and t.import_id = $2" : "t.org_id = $1";
}

/** Computes the quality report for one org's rows of a dataset (or one import's rows). */
export async function computeQuality(datasetId: string, def: DatasetDefinition, orgId: string, importId: string | null = null): Promise<QualityReport> {
  // One read-only transaction with memory enough to group a million keys without spilling.
  return getSql().begin(async (sql) => {
    await sql.unsafe("set local work_mem = '256MB'");
    const p = predicates(def);
    const params = importId ? [orgId, datasetId, importId] : [orgId, datasetId];
    // Each import with its day and the day before which a record counts as late (the previous
    // successful import's day minus the allowance), computed once per import rather than per row.
    const imports = `(select id, created_at, (created_at at time zone 'Asia/Shanghai')::date as import_day,
        ((lag(created_at) over (order by created_at)) at time zone 'Asia/Shanghai')::date - ${Number(def.lateAfterDays)} as late_before
      from dataset_imports where org_id = $1 and dataset_id = $2 and status in ('succeeded', 'running'))`;
    const from = `${tableRef(def.key)} t left join ${imports} i on i.id = t.import_id where ${scopeClause(importId)}`;
    const rowsOnly = `${tableRef(def.key)} t where ${rowsOnlyScope(importId)}`;
    const counts = [
      "count(*)::bigint as rows",
      ...p.missing.map((m, k) => `count(*) filter (where ${m.sql})::bigint as m${k}`),
      ...p.malformed.map((m, k) => `count(*) filter (where ${m.sql})::bigint as f${k}`),
      `count(*) filter (where ${anyOf(p.missing.map((m) => m.sql))})::bigint as missing_rows`,
      `count(*) filter (where ${anyOf(p.malformed.map((m) => m.sql))})::bigint as malformed_rows`,
      `count(*) filter (where ${p.late ?? "false"})::bigint as late_rows`,
    ];
    const [row] = await sql.unsafe<Record<string, string>[]>(`select ${counts.join(", ")} from ${from}`, params);
    // Only look for examples where there are problems: without matches the search scans everything.
    const examples = async (predicate: string, count: number): Promise<number[]> =>
      predicate === "false" || count === 0 ? [] : (await sql.unsafe<{ id: string }[]>(`select t.id from ${from} and (${predicate}) order by t.id limit ${EXAMPLES}`, params)).map((r) => Number(r.id));
    const key = def.businessKey.map(col).join(", ");
    const [dupes] = await sql.unsafe<{ groups: string; extra: string; ids: string[] | null }[]>(
      `select count(*)::bigint as groups, coalesce(sum(n - 1), 0)::bigint as extra, (array_agg(first_id order by first_id))[1:${EXAMPLES}]::text[] as ids
       from (select count(*) as n, min(t.id) as first_id from ${rowsOnly} group by ${key} having count(*) > 1) d`,
      importId ? [orgId, importId] : [orgId],
    );
    const rows = Number(row.rows);
    const missingRows = Number(row.missing_rows);
    const malformedRows = Number(row.malformed_rows);
    const lateRows = Number(row.late_rows);
    const duplicateRows = Number(dupes.extra);
    const problems = Math.min(rows, missingRows + malformedRows + lateRows + duplicateRows);
    return {
      computedAt: new Date().toISOString(),
      rows,
      score: rows === 0 ? 100 : Math.round(1000 * (1 - problems / rows)) / 10,
      missing: { total: missingRows, byField: Object.fromEntries(p.missing.map((m, k) => [m.field.name, Number(row[`m${k}`])])), examples: await examples(anyOf(p.missing.map((m) => m.sql)), missingRows) },
      malformed: { total: malformedRows, byField: Object.fromEntries(p.malformed.map((m, k) => [m.field.name, Number(row[`f${k}`])])), examples: await examples(anyOf(p.malformed.map((m) => m.sql)), malformedRows) },
      late: { total: lateRows, examples: await examples(p.late ?? "false", lateRows) },
      duplicates: { total: duplicateRows, groups: Number(dupes.groups), examples: (dupes.ids ?? []).map(Number) },
    };
  });
}

/** Recomputes and stores an org's report for a dataset (after each import). */
export async function refreshQuality(datasetId: string, orgId: string): Promise<QualityReport> {
  const [dataset] = await getDb().select().from(datasets).where(eq(datasets.id, datasetId));
  const report = await computeQuality(datasetId, dataset.definition, orgId);
  await getDb()
    .insert(datasetOrgStats)
    .values({ datasetId, orgId, rowCount: report.rows, quality: report })
    .onConflictDoUpdate({ target: [datasetOrgStats.datasetId, datasetOrgStats.orgId], set: { quality: report, rowCount: report.rows } });
  return report;
}

/** The same checks over one import's rows, kept on the import (shown in its history). */
export async function refreshImportQuality(importId: string): Promise<QualityReport> {
  const [imp] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, importId));
  const [dataset] = await getDb().select().from(datasets).where(eq(datasets.id, imp.datasetId));
  const report = await computeQuality(dataset.id, dataset.definition, imp.orgId, imp.id);
  await getDb().update(datasetImports).set({ quality: report }).where(eq(datasetImports.id, importId));
  return report;
}

export async function storedQuality(datasetId: string, orgId: string): Promise<QualityReport | null> {
  const [row] = await getDb()
    .select({ quality: datasetOrgStats.quality })
    .from(datasetOrgStats)
    .where(and(eq(datasetOrgStats.datasetId, datasetId), eq(datasetOrgStats.orgId, orgId)));
  return row?.quality ?? null;
}
