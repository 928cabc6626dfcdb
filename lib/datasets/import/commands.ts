import "server-only";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { and, desc, eq, asc } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { datasetImportErrors, datasetImports, datasets, orgs, type DatasetImport } from "@/db/schema";
import type { Actor } from "../../auth/actor";
import { inScope, requirePermission, scopeFor } from "../../auth/policy";
import { NotFoundError, ValidationError } from "../../errors";
import { enqueue, QUEUE_NAMES } from "../../jobs/queues";
import { parseInput } from "../../validation";
import { getDatasetByKey } from "../catalog";
import { maskDeep, maskText } from "../mask";
import { removeUpload, saveUpload } from "./uploads";

export const ZImportOptions = z.object({
  mode: z.enum(["strict", "lenient"], "导入模式须为 strict（整批拒绝）或 lenient（跳过错误行）").default("strict"),
  replace: z
    .union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"])])
    .default(false)
    .transform((v) => v === true || v === "true" || v === "on" || v === "1"),
  encoding: z.enum(["auto", "utf8", "gb18030"], "编码须为 auto、utf8 或 gb18030").default("auto"),
  sheet: z.string().trim().max(100).refine((v) => !v.includes("\0"), "工作表名称含有非法字符 NUL").optional(),
});
export type TImportOptions = z.input<typeof ZImportOptions>;

export interface StartImportInput {
  datasetKey: string;
  fileName: string;
  body: ReadableStream<Uint8Array> | Readable;
  /** Parsed with ZImportOptions (raw query or form values are fine). */
  options: unknown;
}

const MAX_NAME = 200;

/**
 * Saves the upload (streamed to disk) and records a queued import for the actor's org. Rows
 * always belong to the importing org. `startImport` also enqueues the job; the demo seed runs
 * the recorded import in-process instead.
 */
export async function recordImport(actor: Actor, input: StartImportInput): Promise<DatasetImport> {
  requirePermission(actor, "datasets.import");
  const options = parseInput(ZImportOptions, input.options);
  const dataset = await getDatasetByKey(actor, input.datasetKey);
  // Control characters (a NUL above all: PostgreSQL text cannot hold one) are dropped from the name.
  const fileName = (input.fileName.replace(/[\u0000-\u001f\u007f]/g, "") || "upload.csv").slice(0, MAX_NAME);
  const id = randomUUID();
  const size = await saveUpload(id, input.body);
  if (size === 0) {
    removeUpload(id);
    throw new ValidationError("上传的文件为空（0 字节），请检查后重新选择文件", [{ path: "file", message: "文件为空" }]);
  }
  const format = /\.xlsx$/i.test(fileName) ? "xlsx" : "csv";
  const [row] = await getDb()
    .insert(datasetImports)
    .values({
      id,
      datasetId: dataset.id,
      orgId: actor.orgId,
      createdById: actor.kind === "user" ? actor.id : null,
      createdByName: actor.name,
      mode: options.mode,
      replace: options.replace,
      fileName,
      fileSize: size,
      format,
      encoding: options.encoding,
      sheet: options.sheet || null,
    })
    .returning();
  return row;
}

/** Records the import and hands it to the `dataset-import` queue. */
export async function startImport(actor: Actor, input: StartImportInput): Promise<DatasetImport> {
  const row = await recordImport(actor, input);
  await enqueue(QUEUE_NAMES.datasetImport, "import", { importId: row.id, orgId: row.orgId }, row.id);
  return row;
}

export interface ImportView extends DatasetImport {
  datasetKey: string;
  datasetName: string;
  orgName: string;
}

const importColumns = { imp: datasetImports, datasetKey: datasets.key, datasetName: datasets.name, orgName: orgs.name };

/** One import the actor may read (its org's, or its subtree's for leaders); 404 otherwise. */
export async function getImport(actor: Actor, id: string): Promise<ImportView> {
  const scope = scopeFor(actor, "datasets.read");
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("导入记录");
  const [row] = await getDb()
    .select(importColumns)
    .from(datasetImports)
    .innerJoin(datasets, eq(datasets.id, datasetImports.datasetId))
    .innerJoin(orgs, eq(orgs.id, datasetImports.orgId))
    .where(and(eq(datasetImports.id, id), inScope(datasetImports.orgId, scope)))
    .limit(1);
  if (!row) throw new NotFoundError("导入记录");
  // Error messages quote cells: ID and mobile numbers in them leave masked.
  return maskDeep({ ...row.imp, datasetKey: row.datasetKey, datasetName: row.datasetName, orgName: row.orgName });
}

export async function listImports(actor: Actor, datasetKey: string, limit = 20): Promise<ImportView[]> {
  const scope = scopeFor(actor, "datasets.read");
  const dataset = await getDatasetByKey(actor, datasetKey);
  const rows = await getDb()
    .select(importColumns)
    .from(datasetImports)
    .innerJoin(datasets, eq(datasets.id, datasetImports.datasetId))
    .innerJoin(orgs, eq(orgs.id, datasetImports.orgId))
    .where(and(eq(datasetImports.datasetId, dataset.id), inScope(datasetImports.orgId, scope)))
    .orderBy(desc(datasetImports.createdAt))
    .limit(limit);
  return maskDeep(rows.map((r) => ({ ...r.imp, datasetKey: r.datasetKey, datasetName: r.datasetName, orgName: r.orgName })));
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** All stored errors of an import as CSV (UTF-8 with BOM so Excel shows the Chinese). */
export async function importErrorsCsv(actor: Actor, id: string): Promise<string> {
  const imp = await getImport(actor, id);
  const errors = await getDb()
    .select()
    .from(datasetImportErrors)
    .where(eq(datasetImportErrors.importId, imp.id))
    .orderBy(asc(datasetImportErrors.seq));
  const lines = ["行号,列,错误", ...errors.map((e) => [e.row, e.column, maskText(e.message)].map(csvCell).join(","))];
  if (imp.errorCount > errors.length) lines.push(csvCell(`（共 ${imp.errorCount} 处错误，此处列出前 ${errors.length} 处）`));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
