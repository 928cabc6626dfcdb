import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb, getSql } from "@/db/client";
import { orgs, runs, runSchedules, type Run, type RunTrigger } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { requirePermission } from "../auth/policy";
import { recordAudit } from "../audit/record";
import { chinaToday } from "../calendar/china-date";
import { isUniqueViolation } from "../db-errors";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { enqueue, getQueue, QUEUE_NAMES } from "../jobs/queues";
import { checkDefinition, ruleContextFor } from "../rules/service";
import { parseInput, ZIsoDate } from "../validation";
import { getRunnableModel, runnableModelForOrg, type RunnableModel } from "../models/runnable";
import { getRun } from "./queries";

const ZStartRun = z.object({
  runDate: ZIsoDate.optional(),
});

/** Refuses a model the org cannot run today (a missing data grant, a rule that no longer checks). */
async function assertRunnable(model: RunnableModel, orgId: string): Promise<void> {
  // Grants are checked for today, whatever day the data is examined as of.
  const ctx = await ruleContextFor(orgId);
  const { issues } = await checkDefinition(model.definition, ctx);
  if (issues.length > 0) throw new ValidationError(`模型无法运行：${issues.map((i) => i.message).join("；")}`, issues);
}

/**
 * A run whose job is gone (a worker died on its last attempt, Redis was flushed) would block the
 * model forever; it is marked failed so a new run can start.
 */
async function reapLostRun(modelId: string, orgId: string): Promise<boolean> {
  const [active] = await getDb()
    .select()
    .from(runs)
    .where(and(eq(runs.modelId, modelId), eq(runs.orgId, orgId), inArray(runs.status, ["queued", "running"])));
  if (!active) return true;
  const job = await getQueue(QUEUE_NAMES.modelRun).getJob(active.id);
  const state = job ? await job.getState() : "missing";
  if (state !== "failed" && state !== "completed" && state !== "missing" && state !== "unknown") return false;
  await getDb()
    .update(runs)
    .set({ status: "failed", error: "运行任务已中断（工作进程异常退出），请重新运行", finishedAt: new Date() })
    .where(and(eq(runs.id, active.id), inArray(runs.status, ["queued", "running"])));
  return true;
}

interface NewRun {
  model: RunnableModel;
  orgId: string;
  trigger: RunTrigger;
  runDate: string;
  createdById: string | null;
  createdByName: string;
}

async function insertRun(input: NewRun): Promise<Run> {
  const values = {
    modelId: input.model.modelId,
    modelVersionId: input.model.versionId,
    orgId: input.orgId,
    trigger: input.trigger,
    runDate: input.runDate,
    createdById: input.createdById,
    createdByName: input.createdByName,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const [run] = await getDb().insert(runs).values(values).returning();
      return run;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt > 0 || !(await reapLostRun(input.model.modelId, input.orgId))) {
        throw new ConflictError("该模型本院已有排队或运行中的任务，请等待其结束后再运行");
      }
    }
  }
}

/** Queues a run of the model's published version for the actor's org (button or API). */
export async function startRun(actor: Actor, modelId: string, input: unknown = {}): Promise<Run> {
  requirePermission(actor, "models.run");
  const options = parseInput(ZStartRun, input ?? {});
  const model = await getRunnableModel(actor, modelId);
  const runDate = options.runDate ?? chinaToday();
  await assertRunnable(model, actor.orgId);
  const run = await insertRun({
    model,
    orgId: actor.orgId,
    trigger: actor.kind === "api_key" ? "api" : "manual",
    runDate,
    createdById: actor.kind === "user" ? actor.id : null,
    createdByName: actor.name,
  });
  await recordAudit(actor, { action: "run.start", orgId: actor.orgId, targetType: "run", targetId: run.id, detail: { name: model.name, version: model.version } });
  await enqueue(QUEUE_NAMES.modelRun, "run", { runId: run.id }, run.id);
  return run;
}

/**
 * A queued run is cancelled at once; a running one has its statement interrupted in Postgres
 * (the transaction rolls back, so no clue of it is kept).
 */
export async function cancelRun(actor: Actor, runId: string): Promise<Run> {
  requirePermission(actor, "models.run");
  const run = await getRun(actor, runId);
  if (run.orgId !== actor.orgId) throw new NotFoundError("运行记录");
  if (run.status === "queued") {
    const [cancelled] = await getDb()
      .update(runs)
      .set({ status: "cancelled", cancelRequested: true, finishedAt: new Date(), error: `由${actor.name}取消` })
      .where(and(eq(runs.id, run.id), eq(runs.status, "queued")))
      .returning();
    if (cancelled) {
      await getQueue(QUEUE_NAMES.modelRun)
        .remove(run.id)
        .catch(() => 0);
      await recordAudit(actor, { action: "run.cancel", orgId: actor.orgId, targetType: "run", targetId: run.id, detail: { name: run.modelName } });
      return cancelled;
    }
  }
  const [flagged] = await getDb()
    .update(runs)
    .set({ cancelRequested: true, error: `由${actor.name}取消` })
    .where(and(eq(runs.id, run.id), eq(runs.status, "running")))
    .returning();
  if (!flagged) throw new ConflictError("该运行已结束，无法取消");
  // The executor reads the flag after publishing its backend pid, so one side always sees the other.
  if (flagged.backendPid) await getSql()`select pg_cancel_backend(${flagged.backendPid})`;
  await recordAudit(actor, { action: "run.cancel", orgId: actor.orgId, targetType: "run", targetId: run.id, detail: { name: run.modelName } });
  return flagged;
}

const CRON = /^(\S+\s+){4}\S+$/;
const ZSchedule = z.object({
  cron: z
    .string()
    .trim()
    .transform((v) => v || null)
    .pipe(z.string().regex(CRON, "定时规则应为 5 段 cron 表达式，如 0 2 * * *（每日 02:00）").nullable())
    .nullable(),
});

export function schedulerId(modelId: string, orgId: string): string {
  return `schedule_${modelId}_${orgId}`;
}

/** Sets (or clears, with an empty cron) the org's standing schedule for a model. */
export async function setSchedule(actor: Actor, modelId: string, input: unknown): Promise<string | null> {
  requirePermission(actor, "models.run");
  const { cron } = parseInput(ZSchedule, input);
  const model = await getRunnableModel(actor, modelId);
  if (cron) await assertRunnable(model, actor.orgId);
  const queue = getQueue(QUEUE_NAMES.modelRun);
  const id = schedulerId(model.modelId, actor.orgId);
  if (cron) {
    await getDb()
      .insert(runSchedules)
      .values({ modelId: model.modelId, orgId: actor.orgId, cron, createdById: actor.kind === "user" ? actor.id : null })
      .onConflictDoUpdate({ target: [runSchedules.modelId, runSchedules.orgId], set: { cron, updatedAt: new Date() } });
    await queue.upsertJobScheduler(id, { pattern: cron, tz: "Asia/Shanghai" }, { name: "schedule", data: { modelId: model.modelId, orgId: actor.orgId } });
  } else {
    await getDb().delete(runSchedules).where(and(eq(runSchedules.modelId, model.modelId), eq(runSchedules.orgId, actor.orgId)));
    await queue.removeJobScheduler(id);
  }
  await recordAudit(actor, { action: "run.schedule", orgId: actor.orgId, targetType: "model", targetId: model.modelId, detail: { name: model.name, cron: cron ?? "（关闭）" } });
  return cron;
}

/** A scheduler fired: record a run for the org and queue it, unless one is already active. */
export async function startScheduledRun(modelId: string, orgId: string): Promise<Run | null> {
  const [org] = await getDb().select({ path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  const model = org ? await runnableModelForOrg(org.path, modelId) : null;
  if (!model) return null;
  try {
    const run = await insertRun({ model, orgId, trigger: "schedule", runDate: chinaToday(), createdById: null, createdByName: "定时任务" });
    await enqueue(QUEUE_NAMES.modelRun, "run", { runId: run.id }, run.id);
    return run;
  } catch (error) {
    if (error instanceof ConflictError) return null;
    throw error;
  }
}
