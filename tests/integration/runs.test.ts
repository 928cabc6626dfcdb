// Runs write clues with ONE upsert inside Postgres: a re-run adds no duplicate and leaves unchanged
// clues untouched, yet knows their last sighting; vanished clues are marked; overlaps, missing
// grants and other orgs are refused; a queued or running run can be cancelled.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql, RUNS_APPLICATION_NAME } from "@/db/client";
import { clues, dataApplications, models, runs, type Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { clueKey } from "@/lib/clues/key";
import { getClue } from "@/lib/clues/queries";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { getQueue, QUEUE_NAMES } from "@/lib/jobs/queues";
import { cancelRun, schedulerId, setSchedule, startRun, startScheduledRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { listRunnableModels } from "@/lib/models/runnable";
import { getRun } from "@/lib/runs/queries";
import type { TestDatabase } from "../helpers/db";
import { actorFor, orgIdByName, ORGS, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const AS_OF = "2026-11-01";
let database: TestDatabase;
let prosecutor: Actor;
let model1: string;

beforeAll(async () => {
  usePrivateRedis(4);
  database = await setupDemoDatabase({ withData: true, clues: false });
  prosecutor = await actorFor("prosecutor");
  const [m] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, "pretrial_release_not_delivered"));
  model1 = m.id;
}, 240_000);
afterAll(async () => {
  await database.drop();
});

async function runNow(actor: Actor, modelId: string): Promise<Run> {
  const run = await startRun(actor, modelId, { runDate: AS_OF });
  expect(await executeRun(run.id, { finalAttempt: true })).toBe("succeeded");
  const [done] = await getDb().select().from(runs).where(eq(runs.id, run.id));
  return done;
}

async function clueRows(orgId: string, modelId: string) {
  return getSql()<{ id: number; dedup_key: string; xmin: string; evidence: Record<string, Record<string, unknown>> }[]>`
    select id, dedup_key, xmin::text, evidence from clues where org_id = ${orgId} and model_id = ${modelId} order by id`;
}

describe("a model run", () => {
  let first: Run;

  it("lists the built-in models as runnable for a district", async () => {
    const runnable = await listRunnableModels(prosecutor);
    expect(runnable.map((m) => m.key)).toContain("pretrial_release_not_delivered");
    expect(runnable).toHaveLength(8);
  });

  it("writes one clue per hit and records its counts", async () => {
    first = await runNow(prosecutor, model1);
    expect(first.status).toBe("succeeded");
    expect(first.hits).toBeGreaterThanOrEqual(5);
    expect(first.newClues).toBe(first.hits);
    expect(first.redetectedClues).toBe(0);
    expect(first.rowsConsidered).toBeGreaterThan(first.hits!);
    expect(first.ordinal).toBe(1);
    const rows = await clueRows(prosecutor.orgId, model1);
    expect(rows).toHaveLength(first.hits!);
    expect(new Set(rows.map((r) => r.dedup_key)).size).toBe(rows.length);
    // The stored key is the md5 of the rule's key, [case number, ID number] as jsonb prints it.
    const [one] = await getSql()<{ dedup_key: string; case_no: string; subject_id: string }[]>`
      select dedup_key, evidence->'j'->>'case_no' as case_no, subject_id from clues where id = ${rows[0].id}`;
    expect(one.dedup_key).toBe(clueKey(`["${one.case_no}", "${one.subject_id}"]`));
  });

  it("a re-run adds no duplicate, rewrites nothing unchanged, and moves last seen", async () => {
    const before = await clueRows(prosecutor.orgId, model1);
    const second = await runNow(prosecutor, model1);
    expect(second.newClues).toBe(0);
    expect(second.redetectedClues).toBe(first.hits);
    expect(second.missingClues).toBe(0);
    const after = await clueRows(prosecutor.orgId, model1);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    // Same row versions: the upsert's WHERE skipped every unchanged clue.
    expect(after.map((r) => r.xmin)).toEqual(before.map((r) => r.xmin));
    const detail = await getClue(prosecutor, after[0].id);
    expect(detail.hitCount).toBe(2);
    expect(detail.lastSeenAt?.getTime()).toBe(second.finishedAt!.getTime());
    expect(detail.stillDetected).toBe(true);
  });

  it("marks a clue that is no longer found, and counts it again when it comes back", async () => {
    const [target] = await clueRows(prosecutor.orgId, model1);
    const caseNo = String(target.evidence.j.case_no);
    const [judgment] = await getSql()<{ id_number: string; effective_date: string }[]>`
      select id_number, effective_date::text from ds.criminal_judgment where org_id = ${prosecutor.orgId} and case_no = ${caseNo}`;
    // The prison reports the admission late: the clue no longer holds.
    await getSql()`insert into ds.prison_admission (org_id, import_id, row_no, admission_no, prison, name, id_number, admission_date)
      values (${prosecutor.orgId}, gen_random_uuid(), 1, 'BL-1', '江南省第一监狱', '补录', ${judgment.id_number}, ${judgment.effective_date}::date + 40)`;
    const third = await runNow(prosecutor, model1);
    expect(third.missingClues).toBe(1);
    expect(third.hits).toBe(first.hits! - 1);
    let detail = await getClue(prosecutor, target.id);
    expect(detail.stillDetected).toBe(false);
    expect(detail.hitCount).toBe(2);

    await getSql()`delete from ds.prison_admission where org_id = ${prosecutor.orgId} and id_number = ${judgment.id_number} and prison = '江南省第一监狱'`;
    const fourth = await runNow(prosecutor, model1);
    expect(fourth.newClues).toBe(0);
    expect(fourth.hits).toBe(first.hits);
    detail = await getClue(prosecutor, target.id);
    expect(detail.stillDetected).toBe(true);
    expect(detail.hitCount).toBe(3);
    expect(detail.lastSeenAt?.getTime()).toBe(fourth.finishedAt!.getTime());
  });

  it("updates a clue whose evidence changed", async () => {
    const [target] = await clueRows(prosecutor.orgId, model1);
    await getSql()`update ds.criminal_judgment set charge = '危险驾驶罪（更正）' where org_id = ${prosecutor.orgId} and case_no = ${String(target.evidence.j.case_no)}`;
    await runNow(prosecutor, model1);
    const [after] = (await clueRows(prosecutor.orgId, model1)).filter((r) => r.id === target.id);
    expect(after.evidence.j.charge).toBe("危险驾驶罪（更正）");
    expect((await getClue(prosecutor, target.id)).evidenceChangedAt).not.toBeNull();
  });
});

describe("run guards", () => {
  it("never queues two runs of the same model for the same org", async () => {
    const queued = await startRun(prosecutor, model1, { runDate: AS_OF });
    await expect(startRun(prosecutor, model1, { runDate: AS_OF })).rejects.toBeInstanceOf(ConflictError);
    const cancelled = await cancelRun(prosecutor, queued.id);
    expect(cancelled.status).toBe("cancelled");
    expect(await executeRun(queued.id, { finalAttempt: true })).toBeNull();
  });

  it("cancels a running run: its statement is interrupted and nothing it did is kept", async () => {
    const before = (await clueRows(prosecutor.orgId, model1)).length;
    const run = await startRun(prosecutor, model1, { runDate: AS_OF });
    const execution = executeRun(run.id, { finalAttempt: true, pauseMs: 20_000 });
    let backendPid: number | null = null;
    for (let i = 0; i < 100 && !backendPid; i++) {
      [{ backendPid }] = await getDb().select({ backendPid: runs.backendPid }).from(runs).where(eq(runs.id, run.id));
      if (!backendPid) await new Promise((res) => setTimeout(res, 50));
    }
    // The statement runs on a session of the runs' own pool (kept warm across runs), not the main pool.
    const [session] = await getSql()<{ name: string }[]>`select application_name as name from pg_stat_activity where pid = ${backendPid}`;
    expect(session?.name).toBe(RUNS_APPLICATION_NAME);
    await cancelRun(prosecutor, run.id);
    expect(await execution).toBe("cancelled");
    const [r] = await getDb().select().from(runs).where(eq(runs.id, run.id));
    expect(r.status).toBe("cancelled");
    expect(r.error).toContain("取消");
    expect((await clueRows(prosecutor.orgId, model1)).length).toBe(before);
  });

  it("refuses a model whose datasets the org holds no live grant for, naming the dataset", async () => {
    const nanhu = await actorFor("prosecutor_nanhu");
    await getDb().update(dataApplications).set({ status: "revoked" }).where(eq(dataApplications.orgId, nanhu.orgId));
    const error = await startRun(nanhu, model1, { runDate: AS_OF }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("未获本院授权");
    expect((await getDb().select().from(runs).where(eq(runs.orgId, nanhu.orgId))).length).toBe(0);
  });

  it("hides one org's runs from another org and refuses to cancel them", async () => {
    const [run] = await getDb().select().from(runs).where(eq(runs.orgId, prosecutor.orgId)).limit(1);
    const nanhu = await actorFor("prosecutor_nanhu");
    await expect(getRun(nanhu, run.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelRun(nanhu, run.id)).rejects.toBeInstanceOf(NotFoundError);
    // The province leader sees the district's run (its subtree).
    expect((await getRun(await actorFor("leader"), run.id)).id).toBe(run.id);
  });

  it("refuses a model that is not runnable for the org", async () => {
    const [other] = await getDb().insert(models).values({ key: "other_city_model", name: "青山市自建模型", businessLine: "criminal", ownerOrgId: await orgIdByName(ORGS.qingshan) }).returning();
    await expect(startRun(prosecutor, other.id, { runDate: AS_OF })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps the tallies, the open-days rollup and the monthly flows equal to the clues", async () => {
    // Both ways round: nothing missing from the rollups, nothing in them that the clues do not hold.
    const [diff] = await getSql()`
      with counted as (select org_id, model_id, business_line, status, clue_found_month(first_seen_at) as month, count(*)::bigint as n from clues group by 1, 2, 3, 4, 5),
           tallied as (select org_id, model_id, business_line, status, found_month as month, n from clue_tallies where n <> 0)
      select (select count(*) from (select * from counted except select * from tallied) a)::int
           + (select count(*) from (select * from tallied except select * from counted) b)::int as n`;
    expect(diff.n).toBe(0);
    const [flowDiff] = await getSql()`
      with counted as (select org_id, clue_found_month(first_seen_at) as month, model_id, business_line,
                              count(*) filter (where source_clue_id is null)::int as found, count(*) filter (where source_clue_id is not null)::int as received
                       from clues group by 1, 2, 3, 4),
           flows as (select org_id, month, model_id, business_line, found, received from clue_flows where found <> 0 or received <> 0)
      select (select count(*) from (select * from counted except select * from flows) a)::int
           + (select count(*) from (select * from flows except select * from counted) b)::int as n`;
    expect(flowDiff.n).toBe(0);
    const [openDiff] = await getSql()`
      select count(*)::int as n from (
        (select org_id, (first_seen_at at time zone 'Asia/Shanghai')::date as day, count(*)::int as n from clues
         where status in ('new', 'assigned', 'verifying') group by 1, 2)
        except select org_id, day, n from clue_open_days where n <> 0) d`;
    expect(openDiff.n).toBe(0);
    expect((await getDb().select({ n: sql<number>`count(*)::int` }).from(clues))[0].n).toBeGreaterThan(0);
  });
});

describe("schedules", () => {
  it("keeps one BullMQ job scheduler per model and org, in China time, and removes it when cleared", async () => {
    const queue = getQueue(QUEUE_NAMES.modelRun);
    expect(await setSchedule(prosecutor, model1, { cron: "0 2 * * *" })).toBe("0 2 * * *");
    const scheduler = await queue.getJobScheduler(schedulerId(model1, prosecutor.orgId));
    expect(scheduler?.pattern).toBe("0 2 * * *");
    expect(scheduler?.tz).toBe("Asia/Shanghai");
    expect(scheduler?.template?.data).toEqual({ modelId: model1, orgId: prosecutor.orgId });
    expect(await setSchedule(prosecutor, model1, { cron: "" })).toBeNull();
    expect(await queue.getJobScheduler(schedulerId(model1, prosecutor.orgId))).toBeUndefined();
  });

  it("refuses a schedule that is not a cron expression, in Chinese", async () => {
    const error = await setSchedule(prosecutor, model1, { cron: "每天两点" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("cron");
  });

  it("a fired schedule queues a run for the org, unless one is already active", async () => {
    const run = await startScheduledRun(model1, prosecutor.orgId);
    expect(run?.trigger).toBe("schedule");
    expect(run?.status).toBe("queued");
    expect(await startScheduledRun(model1, prosecutor.orgId)).toBeNull();
    expect(await executeRun(run!.id, { finalAttempt: true })).toBe("succeeded");
  });
});
