import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb, getRunSql } from "@/db/client";
import { datasetOrgStats, datasets, models, modelVersions, runs, type Run, type RunStatus } from "@/db/schema";
import { orgParamValues } from "../models/params";
import { compileRule } from "../rules/compile";
import { checkDefinition, ruleContextFor } from "../rules/service";
import { runStatement } from "./statement";

/** How many runs one process executes at once: one per session of the runs' pool. */
export { RUN_SESSIONS } from "@/db/client";

export interface ExecuteOptions {
  /** The last attempt records a failure; earlier ones leave the run for the retry. */
  finalAttempt: boolean;
  /** Tests: hold the transaction open before the statement so a worker can be killed mid-run. */
  pauseMs?: number;
}

/** A run that cannot succeed however often it is retried (the rule no longer checks, a grant lapsed). */
class RunRefused extends Error {}

interface RunCounts {
  hits: number;
  new_clues: number;
  missing_clues: number;
}

const CANCELLED = "57014";

function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error; typeof e === "object" && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

async function finish(runId: string, status: RunStatus, error: string | null): Promise<void> {
  await getDb()
    .update(runs)
    .set({ status, error, finishedAt: new Date(), backendPid: null })
    .where(and(eq(runs.id, runId), inArray(runs.status, ["queued", "running"])));
}

/** Claims the run for this attempt; null when it is already finished or was cancelled. */
async function claim(runId: string): Promise<Run | null> {
  const [current] = await getDb().select().from(runs).where(eq(runs.id, runId));
  if (!current || (current.status !== "queued" && current.status !== "running")) return null;
  if (current.cancelRequested) {
    await finish(runId, "cancelled", current.error ?? "已取消");
    return null;
  }
  const [previous] = await getDb()
    .select({ durationMs: runs.durationMs })
    .from(runs)
    .where(and(eq(runs.modelId, current.modelId), eq(runs.orgId, current.orgId), eq(runs.status, "succeeded"), isNotNull(runs.durationMs)))
    .orderBy(desc(runs.finishedAt))
    .limit(1);
  const [claimed] = await getDb()
    .update(runs)
    .set({ status: "running", startedAt: new Date(), attempts: current.attempts + 1, expectedMs: previous?.durationMs ?? null, error: null, backendPid: null, worker: `${hostname()}:${process.pid}` })
    .where(and(eq(runs.id, runId), inArray(runs.status, ["queued", "running"])))
    .returning();
  return claimed ?? null;
}

/**
 * Executes a run: in ONE transaction, under a per-(model, org) advisory lock so two executions
 * never overlap, the compiled rule is upserted as clues and the run is marked succeeded with its
 * counts. A crash or a cancel rolls everything back; a retry starts over from the same state.
 */
export async function executeRun(runId: string, options: ExecuteOptions): Promise<RunStatus | null> {
  const run = await claim(runId);
  if (!run) return null;
  const started = Date.now();
  try {
    const [version] = await getDb()
      .select({ definition: modelVersions.definition, status: modelVersions.status, businessLine: models.businessLine })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(eq(modelVersions.id, run.modelVersionId));
    if (!version || version.status !== "published") throw new RunRefused("该模型版本已下架，无法运行");
    // Grants must be live today; the run date only sets the day the rule examines the data as of.
    const ctx = await ruleContextFor(run.orgId);
    const { rule, issues } = await checkDefinition(version.definition, ctx);
    if (!rule || issues.length > 0) throw new RunRefused(`模型无法运行：${issues.map((i) => i.message).join("；")}`);
    // The version's parameter defaults, overridden by the org's own values (本院参数); recorded below.
    const compiled = compileRule(rule, ctx, await orgParamValues(run.orgId, run.modelId));

    await getRunSql().begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtextextended(${run.modelId + run.orgId}, 0))`;
      // A dead client's transaction is noticed within seconds, releasing its locks for the retry.
      await tx.unsafe("set local client_connection_check_interval = '2s'");
      const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const [flag] = await getDb().update(runs).set({ backendPid: pid }).where(eq(runs.id, run.id)).returning({ cancel: runs.cancelRequested, status: runs.status });
      if (!flag || flag.status !== "running") throw new RunRefused("运行已由其他进程完成");
      if (flag.cancel) throw Object.assign(new Error("cancelled"), { code: CANCELLED });
      if (options.pauseMs) await tx`select pg_sleep(${options.pauseMs / 1000})`;

      // Sorting and hashing a large hit set in memory rather than on disk.
      await tx.unsafe("set local work_mem = '64MB'");
      const n = await rowsConsidered(rule.from.dataset, run.orgId);
      const [{ ordinal }] = await tx<{ ordinal: number }[]>`select coalesce(max(ordinal), 0) + 1 as ordinal from runs where model_id = ${run.modelId} and org_id = ${run.orgId}`;
      const statement = runStatement(compiled, {
        orgId: run.orgId,
        runDate: run.runDate,
        modelId: run.modelId,
        modelVersionId: run.modelVersionId,
        runId: run.id,
        ordinal,
        subjectKind: rule.clue.subject.kind,
        businessLine: rule.clue.businessLine ?? version.businessLine,
      });
      const [counts] = await tx.unsafe<RunCounts[]>(statement.text, statement.params);
      await tx`update runs set status = 'succeeded', ordinal = ${ordinal}, rows_considered = ${Number(n)}, hits = ${counts.hits},
        new_clues = ${counts.new_clues}, redetected_clues = ${counts.hits - counts.new_clues}, missing_clues = ${counts.missing_clues},
        duration_ms = ${Date.now() - started}, finished_at = now(), backend_pid = null, error = null,
        params = ${compiled.params.length > 0 ? JSON.stringify(compiled.params) : null}::jsonb
        where id = ${run.id}`;
    });
    return "succeeded";
  } catch (error) {
    if (pgCode(error) === CANCELLED) {
      const [current] = await getDb().select({ error: runs.error }).from(runs).where(eq(runs.id, run.id));
      await finish(run.id, "cancelled", current?.error ?? "已取消");
      return "cancelled";
    }
    if (error instanceof RunRefused) {
      await finish(run.id, "failed", error.message);
      return "failed";
    }
    if (options.finalAttempt) await finish(run.id, "failed", unexpectedFailure(run.id, error));
    throw error;
  }
}

/**
 * What the user reads of a failure nobody foresaw: a reference to the log, never the database's own
 * (English) text, which the log keeps.
 */
function unexpectedFailure(runId: string, error: unknown): string {
  const ref = randomUUID().slice(0, 8);
  console.error(`[runs] run ${runId} failed (ref ${ref})`, error);
  return `运行出错（编号 ${ref}）：数据库未能执行本次运行，本次运行未写入任何线索；请重新运行，仍失败请将编号告知管理员`;
}

/** The org's rows of the rule's subject dataset, as the imports counted them (counting a million rows costs a fifth of a run). */
async function rowsConsidered(datasetKey: string, orgId: string): Promise<number> {
  const [row] = await getDb()
    .select({ n: datasetOrgStats.rowCount })
    .from(datasetOrgStats)
    .innerJoin(datasets, eq(datasets.id, datasetOrgStats.datasetId))
    .where(and(eq(datasets.key, datasetKey), eq(datasetOrgStats.orgId, orgId)));
  return Number(row?.n ?? 0);
}

/**
 * The worker's last word on a job that failed for good (stalled too often, or threw on its last
 * attempt). BullMQ's reason is English ("job stalled more than allowable limit"): the user reads
 * what happened in Chinese, the log keeps the reason. A run that threw has already recorded its
 * own message, which `finish` leaves alone.
 */
export async function markRunLost(runId: string, reason: string): Promise<void> {
  console.error(`[runs] run ${runId} failed for good: ${reason}`);
  const message = /stalled/i.test(reason)
    ? "运行任务失败：执行它的工作进程多次异常退出，已停止重试，本次运行未写入任何线索，请重新运行"
    : "运行任务失败：多次重试仍未完成，本次运行未写入任何线索，请重新运行";
  await finish(runId, "failed", message);
}
