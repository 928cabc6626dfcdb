import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, getSql } from "@/db/client";
import { datasetImportErrors, datasetImports, datasets, type DatasetImport, type ImportErrorItem } from "@/db/schema";
import { recordAuditRaw } from "../../audit/record";
import { refreshImportQuality, refreshQuality } from "../quality";
import { copyInTransaction, newTally, orgPartition, phase, type ImportRun } from "./copy-transaction";
import { ImportBusy, isExpectedFailure, unexpectedFailure } from "./import-errors";
import { ImportGuard, importTimeLimitMinutes, type AbortReason } from "./import-guard";
import { cancelledMessage } from "./cancelled-message";
import { openFile } from "./opened-file";
import { removeUpload } from "./uploads";

export { ImportBusy } from "./import-errors";

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
  /**
   * While another import of the same dataset and org runs: wait for it (default, in-process
   * callers), or throw ImportBusy at once with nothing changed (the worker reschedules the job, so
   * a waiting import holds no worker slot).
   */
  waitForLock?: boolean;
}

const SHOWN_ERRORS = 100;
const FINISHED: DatasetImport["status"][] = ["succeeded", "failed", "cancelled"];

type FinalStatus = "succeeded" | "failed" | "cancelled";

/** Queued (or running, on a retry after a crash) and not cancelled: now running. Null when it was cancelled meanwhile. */
async function markRunning(id: string): Promise<DatasetImport | null> {
  const [row] = await getDb()
    .update(datasetImports)
    .set({ status: "running", startedAt: new Date(), attempts: sql`${datasetImports.attempts} + 1`, rowsRead: 0, rowsImported: 0, rowsRejected: 0, bytesRead: 0, errorCount: 0, errors: [], message: null })
    .where(and(eq(datasetImports.id, id), inArray(datasetImports.status, ["queued", "running"]), isNull(datasetImports.cancelRequestedAt)))
    .returning();
  return row ?? null;
}

async function saveErrors(importId: string, errors: ImportErrorItem[]): Promise<void> {
  const db = getDb();
  await db.delete(datasetImportErrors).where(eq(datasetImportErrors.importId, importId));
  for (let i = 0; i < errors.length; i += 1000) {
    await db.insert(datasetImportErrors).values(errors.slice(i, i + 1000).map((e, j) => ({ importId, seq: i + j, row: e.row, column: e.column, message: e.message })));
  }
}

async function finish(run: ImportRun, status: FinalStatus, message: string | null): Promise<void> {
  const { imp, tally } = run;
  await saveErrors(imp.id, tally.errors);
  await getDb()
    .update(datasetImports)
    .set({
      status,
      rowsRead: tally.rowsRead,
      rowsImported: status === "succeeded" ? tally.rowsImported : 0,
      rowsRejected: tally.rowsRejected,
      bytesRead: run.source?.position.bytesRead ?? 0,
      errorCount: tally.errorCount,
      errors: tally.errors.slice(0, SHOWN_ERRORS),
      message,
      detectedEncoding: run.source?.encoding ?? null,
      finishedAt: new Date(),
    })
    .where(eq(datasetImports.id, imp.id));
  await recordAuditRaw(
    { actorId: imp.createdById, actorName: imp.createdByName, ip: null },
    { action: "dataset.import", orgId: imp.orgId, targetType: "dataset_import", targetId: imp.id, detail: { file: imp.fileName, status, imported: status === "succeeded" ? tally.rowsImported : 0, rejected: tally.rowsRejected } },
  );
}

async function loadImport(id: string): Promise<DatasetImport> {
  const [row] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, id)).limit(1);
  if (!row) throw new Error(`import ${id} not found`);
  return row;
}

/**
 * Runs one import: streams the file, validates each cell, and COPYs the good rows inside one
 * transaction (copy-transaction.ts). Every ending is recorded: succeeded, failed (the file's own
 * problem, the time limit, or an unexpected error under a reference number) or cancelled.
 */
export async function runImport(importId: string, options: RunImportOptions = {}): Promise<DatasetImport> {
  const existing = await loadImport(importId);
  if (FINISHED.includes(existing.status)) return existing;
  const [dataset] = await getDb().select().from(datasets).where(eq(datasets.id, existing.datasetId));
  const guard = new ImportGuard(importId);
  const run: ImportRun = { imp: existing, def: dataset.definition, tally: newTally(), guard, source: null };
  try {
    if (existing.cancelRequestedAt) throw new CancelledBeforeStart();
    await copyInTransaction(run, {
      waitForLock: options.waitForLock ?? true,
      onLocked: async () => {
        const running = await markRunning(importId);
        if (!running) throw new CancelledBeforeStart();
        run.imp = running;
      },
      open: () => openFile(run.imp),
      progress: (rowsRead, bytesRead) => reportProgress(run.imp, rowsRead, bytesRead, options),
      timings: options.timings,
    });
    await finish(run, "succeeded", run.tally.rowsRejected > 0 ? `已导入 ${run.tally.rowsImported} 行，${run.tally.rowsRejected} 行有错误未导入` : null);
    removeUpload(importId);
    // After the commit: fresh planner statistics for the org's rows, then the quality report.
    if (options.quality !== false) await refreshAfterImport(run.imp.datasetId, run.def.key, run.imp.orgId, importId);
  } catch (error) {
    if (error instanceof ImportBusy) throw error;
    await settleFailure(run, error, error instanceof CancelledBeforeStart ? "cancelled" : guard.reason, options);
  } finally {
    guard.stop();
  }
  return loadImport(importId);
}

/** The import was cancelled before its worker got to it. */
class CancelledBeforeStart extends Error {}

/** Records how a failed attempt ends; an unexpected error before the last attempt is rethrown for the retry. */
async function settleFailure(run: ImportRun, error: unknown, aborted: AbortReason | null, options: RunImportOptions): Promise<void> {
  const id = run.imp.id;
  if (aborted === "cancelled") {
    const [row] = await getDb().select({ by: datasetImports.cancelledByName }).from(datasetImports).where(eq(datasetImports.id, id));
    run.tally.rowsImported = 0;
    await finish(run, "cancelled", cancelledMessage(row?.by ?? null));
    removeUpload(id);
    return;
  }
  if (aborted === "timeout" || isStatementTimeout(error)) {
    await finish(run, "failed", `导入超过时限（${importTimeLimitMinutes()} 分钟）已停止，所有更改已撤销，数据保持不变`);
    removeUpload(id);
    return;
  }
  if (isExpectedFailure(error)) {
    await finish(run, "failed", error.message);
    removeUpload(id);
    return;
  }
  if (!options.finalAttempt) {
    await getDb().update(datasetImports).set({ status: "queued", message: unexpectedFailure(id, error, true) }).where(eq(datasetImports.id, id));
    throw error;
  }
  await finish(run, "failed", unexpectedFailure(id, error, false));
  removeUpload(id);
}

/** PostgreSQL's own statement_timeout (the server-side backstop of the time limit). */
function isStatementTimeout(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: string }).code === "57014" && /statement timeout/.test(error.message);
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

async function reportProgress(imp: DatasetImport, rowsRead: number, bytesRead: number, options: RunImportOptions): Promise<void> {
  await getDb().update(datasetImports).set({ rowsRead, bytesRead }).where(eq(datasetImports.id, imp.id));
  await options.onProgress?.({ rowsRead, bytesRead, fileSize: imp.fileSize });
}

