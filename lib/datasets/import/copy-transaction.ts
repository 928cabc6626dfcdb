import "server-only";
import { randomBytes } from "node:crypto";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql, TransactionSql } from "postgres";
import { getSql } from "@/db/client";
import type { DatasetImport, ImportErrorItem } from "@/db/schema";
import { DATA_SCHEMA, newPartitionRef, quoteIdent, tableRef } from "../ddl";
import type { DatasetDefinition, DatasetField } from "../definition";
import { CopyEncoder } from "./copy-encoder";
import { mapHeader } from "./header";
import { ImportBusy, ImportRejected } from "./import-errors";
import { IMPORT_SESSION_SQL, idleInTransactionSeconds, importTimeLimitMinutes, type ImportGuard, type ImportSession } from "./import-guard";
import type { OpenedFile } from "./opened-file";

const STORED_ERRORS = 10_000;
const PROGRESS_EVERY_ROWS = 25_000;

export interface Tally {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  errorCount: number;
  errors: ImportErrorItem[];
}

export function newTally(): Tally {
  return { rowsRead: 0, rowsImported: 0, rowsRejected: 0, errorCount: 0, errors: [] };
}

function addError(tally: Tally, error: ImportErrorItem): void {
  tally.errorCount++;
  if (tally.errors.length < STORED_ERRORS) tally.errors.push(error);
}

/** One import on its way through its transaction; `source` is set once the file is open. */
export interface ImportRun {
  imp: DatasetImport;
  def: DatasetDefinition;
  tally: Tally;
  guard: ImportGuard;
  source: OpenedFile | null;
}

export interface CopySteps {
  /** Wait for another import of the same dataset and org (in-process callers) or give up with ImportBusy (the worker). */
  waitForLock: boolean;
  /** Called once the lock is held, before the file is opened (the import is marked running). */
  onLocked(): Promise<void>;
  open(): Promise<OpenedFile>;
  progress(rowsRead: number, bytesRead: number): Promise<void>;
  timings?: Record<string, number>;
}

type Tx = TransactionSql;

/** Settings of the import's session: the server itself ends an import left hanging. */
async function boundSession(tx: Tx): Promise<void> {
  await tx.unsafe(`set local idle_in_transaction_session_timeout = ${Math.round(idleInTransactionSeconds() * 1000)}`);
  await tx.unsafe(`set local statement_timeout = ${Math.round(importTimeLimitMinutes() * 60_000)}`);
}

/**
 * One import at a time per dataset and org (several workers, each with several slots, may hold
 * jobs for both), in the order they were uploaded: a replace followed by an append must not run
 * the other way round. The worker gives up at once (ImportBusy) while the lock is held or an
 * earlier import of the same dataset and org is still queued or running.
 */
async function takeLock(tx: Tx, run: ImportRun, wait: boolean): Promise<void> {
  const { imp } = run;
  const key = `import:${imp.datasetId}:${imp.orgId}`;
  const [me] = await tx.unsafe<ImportSession[]>(IMPORT_SESSION_SQL);
  run.guard.attach(me);
  if (wait) {
    await tx.unsafe("select pg_advisory_xact_lock(hashtext($1))", [key]);
    return;
  }
  const [lock] = await tx.unsafe<{ locked: boolean }[]>("select pg_try_advisory_xact_lock(hashtext($1)) as locked", [key]);
  if (!lock.locked) throw new ImportBusy();
  const [turn] = await tx.unsafe<{ earlier: boolean }[]>(
    `select exists (select 1 from dataset_imports
                    where dataset_id = $1 and org_id = $2 and status in ('queued', 'running')
                      and (created_at, id) < ($3::timestamptz, $4::uuid)) as earlier`,
    [imp.datasetId, imp.orgId, imp.createdAt.toISOString(), imp.id],
  );
  if (turn.earlier) throw new ImportBusy();
}

/**
 * Streams the file through the encoder into `ds.<key>` inside ONE transaction (after deleting the
 * org's rows when replacing). Strict mode rolls back if any row is bad; an abort (cancel, time
 * limit, a failed COPY) or a crash rolls back too. Nothing is half-imported.
 */
export async function copyInTransaction(run: ImportRun, steps: CopySteps): Promise<void> {
  const { tally, guard } = run;
  try {
    await inTransaction(run, steps);
  } finally {
    guard.detach();
  }
  await steps.progress(tally.rowsRead, run.source?.position.bytesRead ?? 0);
}

async function inTransaction(run: ImportRun, steps: CopySteps): Promise<void> {
  const { imp, def, tally, guard } = run;
  await beginUnlessLost(async (tx) => {
    await takeLock(tx, run, steps.waitForLock);
    await boundSession(tx);
    await steps.onLocked();
    guard.check();
    const source = await steps.open();
    run.source = source;
    const mapping = mapHeader(source.header, def);
    if (mapping.problems.length > 0) throw new ImportRejected(`表头有误，未导入任何数据：${mapping.problems.join("；")}`);
    const columns = mapping.columns as DatasetField[];
    const existing = await orgPartition(tx, def.key, imp.orgId);
    // A replace, or the org's first rows: load a fresh table, index it once, swap it in.
    const fresh = imp.replace || existing === null;
    const target = fresh ? newPartitionRef(def.key, imp.orgId, randomBytes(3).toString("hex")) : tableRef(def.key);
    const prefixIds = fresh ? [] : [imp.orgId, imp.id];
    if (fresh) await createFreshTable(tx, def.key, target, imp);
    const fieldColumns = ["row_no", ...columns.map((c) => c.name)].map(quoteIdent).join(", ");
    const copyColumns = fresh ? fieldColumns : `org_id, import_id, ${fieldColumns}`;
    const encoder = new CopyEncoder(columns, prefixIds, imp.mode === "strict", (error) => addError(tally, error), source.headerRow, source.encoding ?? "utf8");
    // A table created in this transaction takes its rows frozen: no hint bits to set later, so
    // the index build and the first reads after the import skip that work.
    const writable = quietOnLostConnection(await tx.unsafe(`copy ${target} (${copyColumns}) from stdin with (format binary${fresh ? ", freeze" : ""})`).writable());
    const t0 = performance.now();
    await copyGuarded(guard, body(run, encoder, steps), writable);
    Object.assign(tally, encoder.counts);
    phase("copy", t0, steps.timings);
    if (tally.rowsRead === 0) throw new ImportRejected("文件只有表头，没有数据行，未做任何更改");
    if (imp.mode === "strict" && tally.rowsRejected > 0) {
      throw new ImportRejected(`严格模式：${tally.rowsRejected} 行有错误，整个文件未导入，数据保持不变`);
    }
    guard.check();
    if (fresh) {
      // Indexes are built here, once, with room to sort in memory.
      const t1 = performance.now();
      await tx.unsafe("set local maintenance_work_mem = '256MB'");
      await tx.unsafe(`alter table ${target} alter column org_id drop default, alter column import_id drop default`);
      await swapInPartition(tx, def.key, imp.orgId, target, existing);
      phase("attach", t1, steps.timings);
    }
    await countRows(tx, imp, tally.rowsImported, fresh);
    guard.check();
  });
}

/** The file's COPY bytes, reporting progress every so many rows. */
async function* body(run: ImportRun, encoder: CopyEncoder, steps: CopySteps): AsyncGenerator<Buffer> {
  let nextProgress = PROGRESS_EVERY_ROWS;
  for await (const chunk of run.source!.body(encoder)) {
    yield chunk;
    if (encoder.counts.rowsRead >= nextProgress) {
      nextProgress += PROGRESS_EVERY_ROWS;
      await steps.progress(encoder.counts.rowsRead, run.source!.position.bytesRead);
    }
  }
}

/**
 * Pipes the bytes into the COPY; an abort destroys both ends (the driver then sends CopyFail), and
 * the race ends the wait even when the driver would never call back (see ImportGuard).
 */
export async function copyGuarded(guard: ImportGuard, bytes: AsyncIterable<Buffer>, writable: NodeJS.WritableStream): Promise<void> {
  guard.watchCopy(true);
  try {
    await Promise.race([pipeline(Readable.from(bytes, { highWaterMark: 8 }), writable, { signal: guard.signal }), guard.aborted]);
  } catch (error) {
    guard.check(); // an abort answers with its reason, not the stream's AbortError
    throw error;
  } finally {
    guard.watchCopy(false);
  }
}

const CONNECTION_LOST = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED"]);

function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_LOST.has(code);
}

/**
 * A transaction that survives losing its connection. postgres.js rejects `begin` as soon as the
 * connection closes, but when the callback settles afterwards it still sends ROLLBACK (or COMMIT)
 * on the dead connection, and that write throws outside any promise, killing the process. Once the
 * connection is lost the callback is parked instead of settling: the server has already rolled
 * the transaction back, and the caller has its rejection.
 */
async function beginUnlessLost(fn: (tx: Tx) => Promise<void>): Promise<void> {
  let lost = false;
  const park = (): Promise<never> => new Promise<never>(() => {});
  const transaction = getSql().begin(async (tx) => {
    try {
      await fn(tx);
    } catch (error) {
      if (lost || isConnectionLost(error)) return park();
      throw error;
    }
    if (lost) return park();
  });
  await transaction.catch((error: unknown) => {
    if (isConnectionLost(error)) lost = true;
    throw error;
  });
}

/**
 * postgres.js destroys a COPY's stream when its connection is lost, and the stream's destroy then
 * queues a CopyFail message for a socket that is already gone: the queued write throws outside any
 * promise and kills the process (a PostgreSQL restart mid-import would take the worker down). With
 * the connection gone there is nothing to tell the server; the stream just ends with the error.
 */
function quietOnLostConnection(writable: Writable): Writable {
  const destroy = writable._destroy.bind(writable);
  writable._destroy = (error, callback) => {
    if (isConnectionLost(error)) callback(error);
    else destroy(error, callback);
  };
  return writable;
}

async function createFreshTable(tx: Tx, key: string, target: string, imp: DatasetImport): Promise<void> {
  await tx.unsafe(`create table ${target} (like ${tableRef(key)} including defaults)`);
  // The fresh table holds one org and one import: constant defaults spare COPY two UUIDs a row.
  // The CHECK constraint lets ATTACH skip its validation scan; on the empty table it costs nothing.
  await tx.unsafe(
    `alter table ${target} alter column org_id set default '${uuidLiteral(imp.orgId)}', alter column import_id set default '${uuidLiteral(imp.id)}', add constraint org_only check (org_id = '${uuidLiteral(imp.orgId)}'::uuid)`,
  );
}

/** The org's row count follows from the load: the fresh table holds exactly the imported rows. */
async function countRows(tx: Tx, imp: DatasetImport, imported: number, fresh: boolean): Promise<void> {
  await tx.unsafe(
    `insert into dataset_org_stats (dataset_id, org_id, row_count, last_import_at)
     values ($1, $2, $3, now())
     on conflict (dataset_id, org_id) do update
     set row_count = case when $4 then excluded.row_count else dataset_org_stats.row_count + excluded.row_count end,
         last_import_at = excluded.last_import_at`,
    [imp.datasetId, imp.orgId, imported, fresh],
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID to inline in DDL (which takes no parameters): checked, never user text. */
function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`invalid uuid ${id}`);
  return id;
}

/** The org's current partition of a dataset table, or null before its first rows. */
export async function orgPartition(tx: Tx | Sql, key: string, orgId: string): Promise<string | null> {
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

/** IMPORT_TIMINGS=1 prints each phase's duration (for the bench and profiling). */
export function phase(name: string, since: number, timings?: Record<string, number>): void {
  const ms = performance.now() - since;
  if (timings) timings[name] = ms;
  if (process.env.IMPORT_TIMINGS) console.error(`[import] ${name} ${ms.toFixed(0)} ms`);
}
