import "server-only";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import type { Sql, TransactionSql } from "postgres";
import { getDb, getSql } from "@/db/client";
import { datasetImportErrors, datasetImports, datasets, type DatasetImport, type ImportErrorItem } from "@/db/schema";
import { recordAuditRaw } from "../../audit/record";
import { DATA_SCHEMA, newPartitionRef, quoteIdent, tableRef } from "../ddl";
import type { DatasetDefinition, DatasetField } from "../definition";
import { refreshImportQuality, refreshQuality } from "../quality";
import type { CsvRecord } from "./csv-parser";
import { mapHeader } from "./header";
import { CopyEncoder } from "./copy-encoder";
import { csvBody, isXlsx, openCsv, xlsxSource, type ReadPosition } from "./sources";
import { removeUpload, uploadPath } from "./uploads";

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  fileSize: number;
}

export interface RunImportOptions {
  onProgress?: (progress: ImportProgress) => Promise<void> | void;
  /** On the last attempt an unexpected error marks the import failed instead of leaving it for a retry. */
  finalAttempt?: boolean;
  /** Recompute the org's quality report afterwards (default true; the bench times it apart). */
  quality?: boolean;
  /** Filled with each phase's milliseconds (copy, attach) for the bench. */
  timings?: Record<string, number>;
}

const SHOWN_ERRORS = 100;
const STORED_ERRORS = 10_000;
const PROGRESS_EVERY_ROWS = 25_000;

/** A file the user must fix: the import fails without retrying and nothing is changed. */
class ImportRejected extends Error {}

interface Tally {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  errorCount: number;
  errors: ImportErrorItem[];
}

function addError(tally: Tally, error: ImportErrorItem): void {
  tally.errorCount++;
  if (tally.errors.length < STORED_ERRORS) tally.errors.push(error);
}

/** Spreadsheet rows may omit trailing empty cells or carry empty ones beyond the header. */
function fitRow(record: CsvRecord, width: number): CsvRecord {
  const fields = record.fields.slice();
  while (fields.length < width) fields.push("");
  while (fields.length > width && fields[fields.length - 1].trim() === "") fields.pop();
  return { row: record.row, fields };
}

async function markRunning(id: string): Promise<DatasetImport> {
  const [row] = await getDb()
    .update(datasetImports)
    .set({ status: "running", startedAt: new Date(), attempts: sql`${datasetImports.attempts} + 1`, rowsRead: 0, rowsImported: 0, rowsRejected: 0, bytesRead: 0, errorCount: 0, errors: [], message: null })
    .where(eq(datasetImports.id, id))
    .returning();
  return row;
}

/** An opened upload: its header (read before any data moves) and its body as COPY bytes. */
interface OpenedFile {
  header: string[];
  headerRow: number;
  encoding: string | null;
  position: ReadPosition;
  body(encoder: CopyEncoder): AsyncGenerator<Buffer>;
}

async function openCsvFile(file: string, encoding: DatasetImport["encoding"]): Promise<OpenedFile> {
  const csv = openCsv(file, encoding);
  if (!csv) throw new ImportRejected("文件为空：没有表头，也没有数据行");
  const position: ReadPosition = { bytesRead: 0 };
  return {
    header: csv.header,
    headerRow: csv.headerRow,
    encoding: csv.encoding,
    position,
    async *body(encoder) {
      for await (const bytes of csvBody(file, csv, position)) {
        const out = encoder.push(bytes);
        if (out) yield out;
      }
      const out = encoder.end();
      if (out) yield out;
    },
  };
}

async function openXlsxFile(file: string, sheet: string | null): Promise<OpenedFile> {
  const source = xlsxSource(file, sheet);
  const batches = source.records[Symbol.asyncIterator]();
  const first = await batches.next();
  if (first.done || first.value.length === 0) throw new ImportRejected("工作表为空：没有表头，也没有数据行");
  const [head, ...rest] = first.value;
  return {
    header: head.fields,
    headerRow: head.row,
    encoding: null,
    position: source.position,
    async *body(encoder) {
      for (let batch: CsvRecord[] | null = rest; batch; ) {
        for (const record of batch) encoder.record(record.row, fitRow(record, head.fields.length).fields);
        const out = encoder.take();
        if (out) yield out;
        const next = await batches.next();
        batch = next.done ? null : next.value;
      }
      const out = encoder.end();
      if (out) yield out;
    },
  };
}

function openFile(imp: DatasetImport): Promise<OpenedFile> {
  const file = uploadPath(imp.id);
  return imp.format === "xlsx" || isXlsx(file) ? openXlsxFile(file, imp.sheet) : openCsvFile(file, imp.encoding);
}

async function saveErrors(importId: string, errors: ImportErrorItem[]): Promise<void> {
  const db = getDb();
  await db.delete(datasetImportErrors).where(eq(datasetImportErrors.importId, importId));
  for (let i = 0; i < errors.length; i += 1000) {
    await db.insert(datasetImportErrors).values(errors.slice(i, i + 1000).map((e, j) => ({ importId, seq: i + j, row: e.row, column: e.column, message: e.message })));
  }
}

async function finish(imp: DatasetImport, status: "succeeded" | "failed", tally: Tally, bytesRead: number, message: string | null, detectedEncoding: string | null): Promise<void> {
  await saveErrors(imp.id, tally.errors);
  await getDb()
    .update(datasetImports)
    .set({
      status,
      rowsRead: tally.rowsRead,
      rowsImported: status === "succeeded" ? tally.rowsImported : 0,
      rowsRejected: tally.rowsRejected,
      bytesRead,
      errorCount: tally.errorCount,
      errors: tally.errors.slice(0, SHOWN_ERRORS),
      message,
      detectedEncoding,
      finishedAt: new Date(),
    })
    .where(eq(datasetImports.id, imp.id));
  await recordAuditRaw(
    { actorId: imp.createdById, actorName: imp.createdByName, ip: null },
    { action: "dataset.import", orgId: imp.orgId, targetType: "dataset_import", targetId: imp.id, detail: { file: imp.fileName, status, imported: status === "succeeded" ? tally.rowsImported : 0, rejected: tally.rowsRejected } },
  );
}

/**
 * Runs one import: streams the file, validates each cell, and COPYs the good rows into
 * `ds.<key>` inside ONE transaction (after deleting the org's rows when replacing). Strict mode
 * rolls the transaction back if any row is bad; a crash rolls it back too. Nothing is half-imported.
 */
export async function runImport(importId: string, options: RunImportOptions = {}): Promise<DatasetImport> {
  const existing = await getDb().select().from(datasetImports).where(eq(datasetImports.id, importId)).limit(1);
  if (!existing[0]) throw new Error(`import ${importId} not found`);
  if (existing[0].status === "succeeded" || existing[0].status === "failed") return existing[0];
  const imp = await markRunning(importId);
  const [dataset] = await getDb().select().from(datasets).where(eq(datasets.id, imp.datasetId));
  const def = dataset.definition;
  const tally: Tally = { rowsRead: 0, rowsImported: 0, rowsRejected: 0, errorCount: 0, errors: [] };
  let source: OpenedFile | null = null;
  try {
    source = await openFile(imp);
    await copyInTransaction(imp, def, source, tally, options);
    await finish(imp, "succeeded", tally, source.position.bytesRead, tally.rowsRejected > 0 ? `已导入 ${tally.rowsImported} 行，${tally.rowsRejected} 行有错误未导入` : null, source.encoding);
    removeUpload(imp.id);
    // After the commit: fresh planner statistics for the org's rows, then the quality report.
    if (options.quality !== false) await refreshAfterImport(imp.datasetId, def.key, imp.orgId, imp.id);
  } catch (error) {
    const expected = error instanceof ImportRejected || (error instanceof Error && (error.name === "SheetNotFoundError" || error.name === "HeaderTooLongError"));
    if (!expected && !options.finalAttempt) {
      await getDb().update(datasetImports).set({ status: "queued", message: `导入出错，将自动重试：${(error as Error).message}` }).where(eq(datasetImports.id, imp.id));
      throw error;
    }
    const message = expected ? (error as Error).message : `导入失败：${(error as Error).message}`;
    await finish(imp, "failed", tally, source?.position.bytesRead ?? 0, message, source?.encoding ?? null);
    removeUpload(imp.id);
  }
  const [done] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, importId));
  return done;
}

async function copyInTransaction(imp: DatasetImport, def: DatasetDefinition, source: OpenedFile, tally: Tally, options: RunImportOptions): Promise<void> {
  const mapping = mapHeader(source.header, def);
  if (mapping.problems.length > 0) throw new ImportRejected(`表头有误，未导入任何数据：${mapping.problems.join("；")}`);
  const columns = mapping.columns as DatasetField[];
  const strict = imp.mode === "strict";
  let nextProgress = PROGRESS_EVERY_ROWS;

  async function* body(encoder: CopyEncoder): AsyncGenerator<Buffer> {
    for await (const chunk of source.body(encoder)) {
      yield chunk;
      if (encoder.counts.rowsRead >= nextProgress) {
        nextProgress += PROGRESS_EVERY_ROWS;
        await reportProgress(imp.id, encoder.counts.rowsRead, source.position.bytesRead, imp.fileSize, options);
      }
    }
    Object.assign(tally, encoder.counts);
  }

  const fieldColumns = ["row_no", ...columns.map((c) => c.name)].map(quoteIdent).join(", ");
  await getSql().begin(async (tx) => {
    // One import at a time per dataset and org (two workers may hold jobs for both).
    await tx.unsafe("select pg_advisory_xact_lock(hashtext($1))", [`import:${imp.datasetId}:${imp.orgId}`]);
    const existing = await orgPartition(tx, def.key, imp.orgId);
    // A replace, or the org's first rows: load a fresh table, index it once, swap it in.
    const fresh = imp.replace || existing === null;
    const target = fresh ? newPartitionRef(def.key, imp.orgId, randomBytes(3).toString("hex")) : tableRef(def.key);
    let copyColumns = `org_id, import_id, ${fieldColumns}`;
    let prefixIds = [imp.orgId, imp.id];
    if (fresh) {
      await tx.unsafe(`create table ${target} (like ${tableRef(def.key)} including defaults)`);
      // The fresh table holds one org and one import: constant defaults spare COPY two UUIDs a row.
      // The CHECK constraint lets ATTACH skip its validation scan; on the empty table it costs nothing.
      await tx.unsafe(
        `alter table ${target} alter column org_id set default '${uuidLiteral(imp.orgId)}', alter column import_id set default '${uuidLiteral(imp.id)}', add constraint org_only check (org_id = '${uuidLiteral(imp.orgId)}'::uuid)`,
      );
      copyColumns = fieldColumns;
      prefixIds = [];
    }
    const encoder = new CopyEncoder(columns, prefixIds, strict, (error) => addError(tally, error), source.headerRow);
    // A table created in this transaction takes its rows frozen: no hint bits to set later, so
    // the index build and the first reads after the import skip that work.
    const writable = await tx.unsafe(`copy ${target} (${copyColumns}) from stdin with (format binary${fresh ? ", freeze" : ""})`).writable();
    const t0 = performance.now();
    await pipeline(Readable.from(body(encoder), { highWaterMark: 8 }), writable);
    phase("copy", t0, options.timings);
    if (tally.rowsRead === 0) throw new ImportRejected("文件只有表头，没有数据行，未做任何更改");
    if (strict && tally.rowsRejected > 0) {
      throw new ImportRejected(`严格模式：${tally.rowsRejected} 行有错误，整个文件未导入，数据保持不变`);
    }
    if (fresh) {
      // Indexes are built here, once, with room to sort in memory.
      const t1 = performance.now();
      await tx.unsafe("set local maintenance_work_mem = '256MB'");
      await tx.unsafe(`alter table ${target} alter column org_id drop default, alter column import_id drop default`);
      await swapInPartition(tx, def.key, imp.orgId, target, existing);
      phase("attach", t1, options.timings);
    }
    // The org's row count follows from the load: the fresh table holds exactly the imported rows.
    await tx.unsafe(
      `insert into dataset_org_stats (dataset_id, org_id, row_count, last_import_at)
       values ($1, $2, $3, now())
       on conflict (dataset_id, org_id) do update
       set row_count = case when $4 then excluded.row_count else dataset_org_stats.row_count + excluded.row_count end,
           last_import_at = excluded.last_import_at`,
      [imp.datasetId, imp.orgId, tally.rowsImported, fresh],
    );
  });
  await reportProgress(imp.id, tally.rowsRead, source.position.bytesRead, imp.fileSize, options);
}

type Tx = TransactionSql;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID to inline in DDL (which takes no parameters): checked, never user text. */
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`invalid uuid ${id}`);
  return id;
}

/** The org's current partition of a dataset table, or null before its first rows. */
async function orgPartition(tx: Tx | Sql, key: string, orgId: string): Promise<string | null> {
  const rows = await tx.unsafe<{ name: string }[]>(
    `select format('%I.%I', cn.nspname, c.relname) as name
     from pg_inherits i
     join pg_class c on c.oid = i.inhrelid
     join pg_namespace cn on cn.oid = c.relnamespace
     join pg_class p on p.oid = i.inhparent
     join pg_namespace pn on pn.oid = p.relnamespace
     where pn.nspname = $1 and p.relname = $2 and pg_get_expr(c.relpartbound, c.oid) = $3`,
    [DATA_SCHEMA, key, `FOR VALUES IN ('${orgId}')`],
  );
  return rows[0]?.name ?? null;
}

/** Replaces the org's partition with the freshly loaded table inside the import's transaction; ATTACH builds the indexes. */
async function swapInPartition(tx: Tx, key: string, orgId: string, target: string, existing: string | null): Promise<void> {
  if (existing) {
    await tx.unsafe(`alter table ${tableRef(key)} detach partition ${existing}`);
    await tx.unsafe(`drop table ${existing}`);
  }
  await tx.unsafe(`alter table ${tableRef(key)} attach partition ${target} for values in ('${orgId}'::uuid)`);
}

/**
 * Fresh statistics for the org's partition (so rules and quality checks get good plans at once),
 * then the quality report. Runs after the import has committed; the bench times it apart.
 */
export async function refreshAfterImport(datasetId: string, key: string, orgId: string, importId?: string): Promise<void> {
  const partition = await orgPartition(getSql(), key, orgId);
  const t0 = performance.now();
  if (partition) await getSql().unsafe(`analyze ${partition}`);
  phase("analyze", t0);
  const t1 = performance.now();
  await refreshQuality(datasetId, orgId);
  if (importId) await refreshImportQuality(importId);
  phase("quality", t1);
}

/** IMPORT_TIMINGS=1 prints each phase's duration (for the bench and profiling). */
function phase(name: string, since: number, timings?: Record<string, number>): void {
  const ms = performance.now() - since;
  if (timings) timings[name] = ms;
  if (process.env.IMPORT_TIMINGS) console.error(`[import] ${name} ${ms.toFixed(0)} ms`);
}

async function reportProgress(id: string, rowsRead: number, bytesRead: number, fileSize: number, options: RunImportOptions): Promise<void> {
  await getDb().update(datasetImports).set({ rowsRead, bytesRead }).where(eq(datasetImports.id, id));
  await options.onProgress?.({ rowsRead, bytesRead, fileSize });
}

