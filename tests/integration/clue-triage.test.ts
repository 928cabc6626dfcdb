// Clue triage through lib/clues against real Postgres and Redis: the full path from 待分派 to 成案
// with outcomes, every refused step with its Chinese message, all-or-nothing bulk assignment,
// transfer between orgs, tenancy (another org's clue is 404, the province sees all), the audited
// and rate-limited reveal, the .xlsx export, and status counts that match the clues.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { auditLog, clueEvents, clues, models, type ClueStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { actOnClue, assignableUsers, assignClues, offeredActions } from "@/lib/clues/commands";
import { exportClues } from "@/lib/clues/export";
import { addOutcome } from "@/lib/clues/outcomes";
import { clueStatusCounts, getClue, listClues, myWaitingClues, type ClueListItem } from "@/lib/clues/queries";
import { REVEAL_LIMITS, revealClueField } from "@/lib/clues/reveal";
import { AppError, ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { listRunnableModels } from "@/lib/models/runnable";
import { createUser } from "@/lib/users/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const AS_OF = "2026-11-01";
let database: TestDatabase;
let prosecutor: Actor; // 陈静, 东城区
let colleague: Actor; // 林芳, 东城区 (created here)
let nanhu: Actor; // 刘洋, 南湖区
let leader: Actor; // 李振华, province
let cityLeader: Actor; // 吴海, 临江市
let multi: Actor; // 黄晓, 西城区
let dongchengId: string;
let nanhuId: string;
let xichengId: string;
let model1: string;

interface PoolClue {
  id: number;
  orgId: string;
  modelId: string;
  subjectKind: string;
}
let pool: PoolClue[] = [];
const taken = new Set<number>();

/** The next untouched 待分派 clue of 东城区 (optionally of a model or subject kind). */
function take(pred: (c: PoolClue) => boolean = () => true): number {
  const c = pool.find((p) => p.orgId === dongchengId && !taken.has(p.id) && pred(p));
  if (!c) throw new Error("the clue pool is exhausted");
  taken.add(c.id);
  return c.id;
}

beforeAll(async () => {
  usePrivateRedis(12);
  database = await setupDemoDatabase({ withData: true, clues: false });
  [prosecutor, nanhu, leader, cityLeader, multi] = await Promise.all(["prosecutor", "prosecutor_nanhu", "leader", "city_leader", "multi"].map((u) => actorFor(u)));
  [dongchengId, nanhuId, xichengId] = await Promise.all([ORGS.dongcheng, ORGS.nanhu, ORGS.xicheng].map((n) => orgIdByName(n)));
  await createUser(await actorFor("admin"), { username: "prosecutor2", name: "林芳", orgId: dongchengId, roles: ["prosecutor"], password: "Jiancha-River-2026" });
  colleague = await actorFor("prosecutor2");
  // Every runnable model, once, for the two orgs with data: clues of both orgs, persons and companies.
  for (const actor of [prosecutor, nanhu]) {
    for (const m of await listRunnableModels(actor)) {
      const run = await startRun(actor, m.modelId, { runDate: AS_OF });
      expect(await executeRun(run.id, { finalAttempt: true })).toBe("succeeded");
    }
  }
  const [m1] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, "pretrial_release_not_delivered"));
  model1 = m1.id;
  pool = await getDb().select({ id: clues.id, orgId: clues.orgId, modelId: clues.modelId, subjectKind: clues.subjectKind }).from(clues).orderBy(asc(clues.id));
  await getRedis().del(`reveal:user:${prosecutor.id}`, `reveal:user:${leader.id}`);
}, 300_000);
afterAll(async () => {
  await database.drop();
});

/** Runs `fn`, expecting it to throw `type`; returns the error for further checks. */
async function refused<E extends AppError>(fn: () => Promise<unknown>, type: abstract new (...args: never[]) => E, message?: string | RegExp): Promise<E> {
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${type.name}`).toBeInstanceOf(type);
  if (message !== undefined) expect((error as E).message).toMatch(message);
  return error as E;
}

async function statusOf(id: number): Promise<{ status: ClueStatus; assigneeId: string | null }> {
  const [row] = await getDb().select({ status: clues.status, assigneeId: clues.assigneeId }).from(clues).where(eq(clues.id, id));
  return row;
}

async function eventCount(ids: number[]): Promise<number> {
  const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(clueEvents).where(inArray(clueEvents.clueId, ids));
  return n;
}

async function allClues(actor: Actor, filter: Record<string, unknown> = {}): Promise<ClueListItem[]> {
  const items: ClueListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await listClues(actor, { ...filter, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const CHINESE = /[\u4e00-\u9fa5]/;

describe("the happy path", () => {
  it("prosecutor assigns to self → verifies → confirms with a case number → records outcomes; history names each step", async () => {
    const id = take((c) => c.modelId === model1);
    const waitingBefore = (await myWaitingClues(prosecutor)).total;
    let detail = await getClue(prosecutor, id);
    expect(detail.status).toBe("new");
    expect(offeredActions(prosecutor, detail)).toEqual(["assign", "comment"]);

    await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id, comment: "本人承办" });
    expect(await statusOf(id)).toEqual({ status: "assigned", assigneeId: prosecutor.id });
    detail = await getClue(prosecutor, id);
    expect(offeredActions(prosecutor, detail)).toEqual(expect.arrayContaining(["verify", "transfer", "comment"]));
    expect(offeredActions(prosecutor, detail)).not.toContain("confirm");
    // The colleague is offered nothing but to take it over and comment; the leader may reassign.
    expect(offeredActions(colleague, detail)).not.toContain("verify");
    const waiting = await myWaitingClues(prosecutor);
    expect(waiting.total).toBe(waitingBefore + 1);
    expect(waiting.items.map((c) => c.id)).toContain(id);

    await actOnClue(prosecutor, id, { action: "verify", comment: "已调取判决书及执行档案" });
    expect(offeredActions(prosecutor, await getClue(prosecutor, id))).toEqual(expect.arrayContaining(["confirm", "dismiss", "transfer"]));
    await actOnClue(prosecutor, id, { action: "comment", text: "已电话联系法院执行局" });
    expect((await statusOf(id)).status).toBe("verifying");
    const confirmed = await actOnClue(prosecutor, id, { action: "confirm", caseNo: "东检刑监〔2026〕7号", comment: "经核查属实" });
    expect(confirmed.status).toBe("confirmed");
    expect(confirmed.caseNo).toBe("东检刑监〔2026〕7号");
    expect(confirmed.closedAt).not.toBeNull();
    expect((await myWaitingClues(prosecutor)).total).toBe(waitingBefore);

    // Outcomes: a recovery needs its amount; several outcomes may be recorded.
    const noAmount = await refused(() => addOutcome(prosecutor, id, { kind: "recovery" }), ValidationError, /金额：挽回经济损失须填写金额/);
    expect(noAmount.issues).toEqual([{ path: "amount", message: "挽回经济损失须填写金额（元）" }]);
    await refused(() => addOutcome(prosecutor, id, { kind: "rectification" }), ValidationError, /反馈日期/);
    await refused(() => addOutcome(prosecutor, id, { kind: "recovery", amount: "-5" }), ValidationError, /金额须大于 0/);
    const recovery = await addOutcome(prosecutor, id, { kind: "recovery", amount: "12345.67", note: "追缴罚金" });
    expect(recovery.amount).toBe(12345.67);
    await addOutcome(prosecutor, id, { kind: "recommendation", documentNo: "东检建〔2026〕3号" });
    // Only the assignee records outcomes; a leader has no triage right at all.
    await refused(() => addOutcome(colleague, id, { kind: "protest" }), ForbiddenError, "只有承办检察官可以记录监督成效");
    await refused(() => addOutcome(leader, id, { kind: "protest" }), ForbiddenError);

    detail = await getClue(prosecutor, id);
    expect(detail).toMatchObject({ status: "confirmed", caseNo: "东检刑监〔2026〕7号", assigneeId: prosecutor.id, assigneeName: "陈静" });
    expect(detail.outcomes.map((o) => [o.kind, o.amount, o.documentNo, o.createdByName])).toEqual([
      ["recovery", 12345.67, null, "陈静"],
      ["recommendation", null, "东检建〔2026〕3号", "陈静"],
    ]);
    // History, newest first: each step with its actor, statuses and comment.
    const steps = [...detail.history].reverse().map((e) => ({ action: e.action, actorId: e.actorId, actorName: e.actorName, from: e.fromStatus, to: e.toStatus, comment: e.comment }));
    const by = { actorId: prosecutor.id, actorName: "陈静" };
    expect(steps).toEqual([
      { action: "assign", ...by, from: "new", to: "assigned", comment: "本人承办" },
      { action: "verify", ...by, from: "assigned", to: "verifying", comment: "已调取判决书及执行档案" },
      { action: "comment", ...by, from: "verifying", to: "verifying", comment: "已电话联系法院执行局" },
      { action: "confirm", ...by, from: "verifying", to: "confirmed", comment: "经核查属实" },
      { action: "outcome", ...by, from: null, to: null, comment: "追缴罚金" },
      { action: "outcome", ...by, from: null, to: null, comment: null },
    ]);
    expect(detail.history.find((e) => e.action === "assign")?.detail).toMatchObject({ assigneeName: "陈静" });
    expect(detail.history.find((e) => e.action === "confirm")?.detail).toMatchObject({ caseNo: "东检刑监〔2026〕7号" });
    expect(detail.history.find((e) => e.action === "outcome" && e.comment === "追缴罚金")?.detail).toMatchObject({ kind: "recovery", amount: 12345.67 });

    // And each state change is in the audit log (comments are not).
    const audit = await getDb().select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.targetType, "clue"), eq(auditLog.targetId, String(id)))).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(["clue.assign", "clue.transition", "clue.transition", "clue.outcome", "clue.outcome"]);
    expect(audit.every((a) => a.actorId === prosecutor.id)).toBe(true);
  });
});

describe("outcome dates", () => {
  it("refuses a feedback date that is well formed but not a calendar day (a validation error, not a database error)", async () => {
    const [confirmed] = await getDb().select({ id: clues.id }).from(clues).where(and(eq(clues.orgId, dongchengId), eq(clues.status, "confirmed"), eq(clues.assigneeId, prosecutor.id))).limit(1);
    await refused(() => addOutcome(prosecutor, confirmed.id, { kind: "rectification", feedbackDate: "2026-02-30" }), ValidationError, /反馈日期/);
  });
});

describe("outcome amounts", () => {
  it("refuses an amount or a feedback date on a kind without one, and reads 12,500, 12，500 and 1.25万 as 12500", async () => {
    const [confirmed] = await getDb().select({ id: clues.id }).from(clues).where(and(eq(clues.orgId, dongchengId), eq(clues.status, "confirmed"), eq(clues.assigneeId, prosecutor.id))).limit(1);
    const before = (await getClue(prosecutor, confirmed.id)).outcomes.length;
    // The sequence the outcome form produced: 检察建议 with the amount typed for 挽回经济损失.
    const wrongKind = await refused(() => addOutcome(prosecutor, confirmed.id, { kind: "recommendation", amount: "12,500" }), ValidationError, /只有挽回经济损失可以填写金额/);
    expect(wrongKind.issues).toEqual([{ path: "amount", message: "只有挽回经济损失可以填写金额" }]);
    await refused(() => addOutcome(prosecutor, confirmed.id, { kind: "protest", feedbackDate: "2026-11-02" }), ValidationError, /只有整改反馈可以填写反馈日期/);
    await refused(() => addOutcome(prosecutor, confirmed.id, { kind: "recovery", amount: "一万二" }), ValidationError, /金额须为数字/);
    await refused(() => addOutcome(prosecutor, confirmed.id, { kind: "protest", documentNo: "东检\u0000抗", note: "说\u0000明" }), ValidationError, /文书号：不能包含空字符/);
    expect((await getClue(prosecutor, confirmed.id)).outcomes).toHaveLength(before);

    for (const written of ["12,500", "12，500", "1.25万", "1.25万元"]) {
      const stored = await addOutcome(prosecutor, confirmed.id, { kind: "recovery", amount: written });
      expect([written, stored.kind, stored.amount]).toEqual([written, "recovery", 12500]);
    }
  });
});

describe("refused steps", () => {
  it("refuses to confirm a 待分派 clue, and a state-machine jump, with a Chinese message; nothing changes", async () => {
    const id = take();
    const e = await refused(() => actOnClue(prosecutor, id, { action: "confirm", caseNo: "X1" }), AppError);
    expect(e).toSatisfy((err: AppError) => err instanceof ForbiddenError || err instanceof ConflictError);
    expect(e.message).toMatch(CHINESE);
    expect(await statusOf(id)).toEqual({ status: "new", assigneeId: null });
    // Assigned (not yet verifying): confirming skips a step.
    await actOnClue(leader, id, { action: "assign", assigneeId: prosecutor.id });
    await refused(() => actOnClue(prosecutor, id, { action: "confirm", caseNo: "X1" }), ConflictError, "线索当前状态为“已分派”，不能执行“成案”");
    await refused(() => actOnClue(prosecutor, id, { action: "dismiss", reason: "理由充分" }), ConflictError, "线索当前状态为“已分派”，不能执行“不成案”");
    expect((await statusOf(id)).status).toBe("assigned");
    expect(await eventCount([id])).toBe(1);
  });

  it("refuses work by anyone but the assignee, and assignment to others by a prosecutor", async () => {
    const id = take();
    await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id });
    await refused(() => actOnClue(colleague, id, { action: "verify" }), ForbiddenError, "只有承办检察官可以办理该线索，请先分派给自己");
    // A leader assigns and reopens, but does not work clues.
    await refused(() => actOnClue(leader, id, { action: "verify" }), ForbiddenError, CHINESE);
    await refused(() => actOnClue(prosecutor, id, { action: "assign", assigneeId: colleague.id }), ForbiddenError, "检察官只能将线索分派给自己；分派给他人需院领导操作");
    // The assignee must be a prosecutor of the clue's org.
    const [dataAdmin] = await getSql()<{ id: string }[]>`select id from users where username = 'data_admin'`;
    await refused(() => actOnClue(leader, id, { action: "assign", assigneeId: dataAdmin.id }), ValidationError, "承办人须具有检察官角色");
    await refused(() => actOnClue(leader, id, { action: "assign", assigneeId: nanhu.id }), ValidationError, "承办人须为线索所属院的检察官");
    expect(await statusOf(id)).toEqual({ status: "assigned", assigneeId: prosecutor.id });
    // An unknown action names the field.
    await refused(() => actOnClue(prosecutor, id, { action: "archive" }), ValidationError, /操作类型/);
  });

  it("refuses 不成案 without a reason (validation), then closes it with one", async () => {
    const id = take();
    await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id });
    await actOnClue(prosecutor, id, { action: "verify" });
    const none = await refused(() => actOnClue(prosecutor, id, { action: "dismiss" }), ValidationError, /理由/);
    expect(none.issues.map((i) => i.path)).toEqual(["reason"]);
    await refused(() => actOnClue(prosecutor, id, { action: "dismiss", reason: " 否 " }), ValidationError, "理由：不成案须填写理由（至少 2 个字）");
    expect((await statusOf(id)).status).toBe("verifying");
    const dismissed = await actOnClue(prosecutor, id, { action: "dismiss", reason: "经核查，当事人已在外省监狱收押" });
    expect(dismissed.status).toBe("dismissed");
    expect(dismissed.dismissReason).toBe("经核查，当事人已在外省监狱收押");
  });

  it("lets only a leader reopen a closed clue, with a reason; it returns to the assignee's 核查中", async () => {
    const id = take();
    await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id });
    await actOnClue(prosecutor, id, { action: "verify" });
    await actOnClue(prosecutor, id, { action: "dismiss", reason: "数据未同步" });
    await refused(() => actOnClue(prosecutor, id, { action: "reopen", reason: "需要复查" }), ForbiddenError, CHINESE);
    expect(offeredActions(prosecutor, await getClue(prosecutor, id))).not.toContain("reopen");
    expect(offeredActions(leader, await getClue(leader, id))).toContain("reopen");
    await refused(() => actOnClue(leader, id, { action: "reopen" }), ValidationError, /理由/);
    await refused(() => actOnClue(leader, id, { action: "reopen", reason: "" }), ValidationError, "重新打开须填写理由");
    const reopened = await actOnClue(leader, id, { action: "reopen", reason: "新证据显示未收押" });
    expect(reopened).toMatchObject({ status: "verifying", assigneeId: prosecutor.id, dismissReason: null, closedAt: null });
    const [last] = (await getClue(prosecutor, id)).history;
    expect(last).toMatchObject({ action: "reopen", actorId: leader.id, actorName: "李振华", fromStatus: "dismissed", toStatus: "verifying", comment: "新证据显示未收押" });
    // An open clue cannot be reopened.
    await refused(() => actOnClue(leader, id, { action: "reopen", reason: "再次打开" }), ConflictError, "线索当前状态为“核查中”，不能执行“重新打开”");
  });
});

describe("bulk assignment", () => {
  it("is all or nothing: one clue that cannot be assigned leaves every clue untouched", async () => {
    const [a, b] = [take(), take()];
    const confirmed = take();
    await actOnClue(prosecutor, confirmed, { action: "assign", assigneeId: prosecutor.id });
    await actOnClue(prosecutor, confirmed, { action: "verify" });
    await actOnClue(prosecutor, confirmed, { action: "confirm", caseNo: "东检刑监〔2026〕8号" });
    const eventsBefore = await eventCount([a, b]);

    const e = await refused(() => assignClues(leader, { ids: [a, confirmed, b], assigneeId: colleague.id }), ConflictError, "本次未作任何更改");
    expect(e.message).toContain(`#${confirmed}：线索当前状态为“成案”，不能执行“分派”`);
    expect(await statusOf(a)).toEqual({ status: "new", assigneeId: null });
    expect(await statusOf(b)).toEqual({ status: "new", assigneeId: null });
    expect(await eventCount([a, b])).toBe(eventsBefore);

    // Out of the city leader's scope (a 南湖区 clue): refused as not found, nothing assigned.
    const nanhuClue = pool.find((c) => c.orgId === nanhuId)!.id;
    await refused(() => assignClues(cityLeader, { ids: [a, nanhuClue], assigneeId: colleague.id }), ConflictError, `#${nanhuClue}：线索不存在或无权访问`);
    expect(await statusOf(a)).toEqual({ status: "new", assigneeId: null });
    // A prosecutor may not bulk-assign to a colleague.
    await refused(() => assignClues(prosecutor, { ids: [a, b], assigneeId: colleague.id }), ForbiddenError);
    expect(await statusOf(b)).toEqual({ status: "new", assigneeId: null });
    await refused(() => assignClues(leader, { ids: [], assigneeId: colleague.id }), ValidationError, "请先勾选线索");

    expect(await assignClues(leader, { ids: [a, b], assigneeId: colleague.id })).toBe(2);
    expect(await statusOf(a)).toEqual({ status: "assigned", assigneeId: colleague.id });
    expect(await statusOf(b)).toEqual({ status: "assigned", assigneeId: colleague.id });
    const [event] = (await getClue(leader, a)).history;
    expect(event).toMatchObject({ action: "assign", actorName: "李振华", detail: { assigneeName: "林芳" } });
  });

  it("counts each clue once when an id is repeated", async () => {
    const c = take();
    expect(await assignClues(cityLeader, { ids: [c, c], assigneeId: colleague.id })).toBe(1);
    expect(await eventCount([c])).toBe(1);
  });

  it("offers as assignees the org's enabled prosecutors, within the actor's scope", async () => {
    const names = (await assignableUsers(leader, dongchengId)).map((u) => u.name);
    expect(names.sort()).toEqual(["林芳", "陈静"].sort());
    expect((await assignableUsers(cityLeader, dongchengId)).map((u) => u.username).sort()).toEqual(["prosecutor", "prosecutor2"]);
    expect(await assignableUsers(prosecutor, nanhuId)).toEqual([]);
    expect(await assignableUsers(cityLeader, nanhuId)).toEqual([]);
  });
});

describe("transfer", () => {
  let source: number;

  it("to another procuratorate: a 待分派 clue there with a 'transferred_in' entry; the source becomes 已移送", async () => {
    source = take((c) => c.subjectKind === "person");
    await actOnClue(prosecutor, source, { action: "assign", assigneeId: prosecutor.id });
    await refused(() => actOnClue(prosecutor, source, { action: "transfer", targetOrgId: dongchengId }), ValidationError, "不能移送给本院");
    await refused(() => actOnClue(prosecutor, source, { action: "transfer", targetOrgId: xichengId, agency: "临江市公安局" }), ValidationError, /二选一/);
    await refused(() => actOnClue(prosecutor, source, { action: "transfer" }), ValidationError, /接收院/);
    const moved = await actOnClue(prosecutor, source, { action: "transfer", targetOrgId: xichengId, comment: "当事人户籍在西城区" });
    expect(moved).toMatchObject({ status: "transferred", transferOrgId: xichengId });
    expect(moved.closedAt).not.toBeNull();

    const [received] = await getDb().select().from(clues).where(eq(clues.sourceClueId, source));
    const [orig] = await getDb().select().from(clues).where(eq(clues.id, source));
    expect(received).toMatchObject({ orgId: xichengId, status: "new", assigneeId: null, title: orig.title, subjectId: orig.subjectId, modelId: orig.modelId, dedupKey: orig.dedupKey });

    const src = await getClue(prosecutor, source);
    expect(src.transfer).toEqual({ orgId: xichengId, orgName: ORGS.xicheng, agency: null });
    expect(src.history[0]).toMatchObject({ action: "transfer", actorName: "陈静", fromStatus: "assigned", toStatus: "transferred", comment: "当事人户籍在西城区", detail: { targetOrgName: ORGS.xicheng, receivingClueId: received.id } });

    // 西城区 sees and works it; 东城区 does not see the received clue.
    const there = await getClue(multi, received.id);
    expect(there.sourceClueId).toBe(source);
    expect(there.history).toHaveLength(1);
    expect(there.history[0]).toMatchObject({ action: "transferred_in", orgId: xichengId, actorId: prosecutor.id, actorName: "陈静", toStatus: "new", comment: `由${ORGS.dongcheng}移送`, detail: { sourceClueId: source } });
    expect(there.subject.idNumber).not.toBe(orig.subjectId);
    expect((await listClues(multi, { status: "new" })).items.map((c) => c.id)).toContain(received.id);
    await refused(() => getClue(prosecutor, received.id), NotFoundError);
    await actOnClue(multi, received.id, { action: "assign", assigneeId: multi.id });
    expect((await statusOf(received.id)).status).toBe("assigned");
    // The city leader sees both ends.
    expect((await getClue(cityLeader, received.id)).orgId).toBe(xichengId);
    expect((await getClue(cityLeader, source)).status).toBe("transferred");
  });

  it("reopening the transferred clue tells the receiving procuratorate, whose clue keeps its course", async () => {
    const [received] = await getDb().select().from(clues).where(eq(clues.sourceClueId, source));
    const reopened = await actOnClue(leader, source, { action: "reopen", reason: "户籍核实有误，由本院继续办理" });
    expect(reopened).toMatchObject({ status: "verifying", transferOrgId: null });
    expect((await getClue(leader, source)).history[0]).toMatchObject({ action: "reopen", detail: { receivingClueId: received.id } });
    const there = await getClue(multi, received.id);
    expect(there.status).toBe("assigned");
    expect(there.history[0]).toMatchObject({
      action: "comment",
      orgId: xichengId,
      actorName: "李振华",
      fromStatus: "assigned",
      toStatus: "assigned",
      comment: `${leader.orgName}已重新打开移送来的原线索 #${source}：户籍核实有误，由本院继续办理`,
      detail: { sourceClueId: source, sourceReopened: true },
    });
  });

  it("to an outside agency: the source becomes 已移送 and records the agency", async () => {
    const id = take();
    await actOnClue(prosecutor, id, { action: "assign", assigneeId: prosecutor.id });
    await actOnClue(prosecutor, id, { action: "verify" });
    const before = (await getDb().select({ n: sql<number>`count(*)::int` }).from(clues))[0].n;
    const moved = await actOnClue(prosecutor, id, { action: "transfer", agency: "临江市公安局东城分局" });
    expect(moved).toMatchObject({ status: "transferred", transferAgency: "临江市公安局东城分局", transferOrgId: null });
    expect((await getDb().select({ n: sql<number>`count(*)::int` }).from(clues))[0].n).toBe(before);
  });
});

describe("tenancy", () => {
  it("a prosecutor of 南湖区 cannot list, open, act on, reveal or export 东城区's clues", async () => {
    const dongchengClue = take((c) => c.subjectKind === "person");
    const [confirmedOfDongcheng] = await getDb().select({ id: clues.id }).from(clues).where(and(eq(clues.orgId, dongchengId), eq(clues.status, "confirmed"))).limit(1);

    const visible = await allClues(nanhu);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((c) => c.orgId === nanhuId)).toBe(true);
    expect((await listClues(nanhu, { org: dongchengId })).items).toEqual([]);
    await refused(() => getClue(nanhu, dongchengClue), NotFoundError, "线索不存在或无权访问");
    await refused(() => actOnClue(nanhu, dongchengClue, { action: "assign", assigneeId: nanhu.id }), NotFoundError);
    await refused(() => actOnClue(nanhu, dongchengClue, { action: "comment", text: "看看" }), NotFoundError);
    await refused(() => revealClueField(nanhu, dongchengClue, { field: "subject" }), NotFoundError);
    await refused(() => addOutcome(nanhu, confirmedOfDongcheng.id, { kind: "protest" }), NotFoundError);
    await refused(() => assignClues(nanhu, { ids: [dongchengClue], assigneeId: nanhu.id }), ConflictError, "线索不存在或无权访问");
    expect(await statusOf(dongchengClue)).toEqual({ status: "new", assigneeId: null });
    expect(await eventCount([dongchengClue])).toBe(0);
    expect(Object.values(await clueStatusCounts(nanhu, { org: dongchengId })).every((n) => n === 0)).toBe(true);

    const sheet = await exportRows(nanhu, { org: dongchengId });
    expect(sheet.rows).toEqual([]);
    const own = await exportRows(nanhu, {});
    expect(own.rows.length).toBe(visible.length);
    expect(own.rows.every((r) => r[5] === ORGS.nanhu)).toBe(true);
  });

  it("the province leader sees both orgs; the 临江 city leader only its own city", async () => {
    const everything = await allClues(leader);
    const orgIds = new Set(everything.map((c) => c.orgId));
    expect(orgIds).toEqual(new Set([dongchengId, nanhuId, xichengId]));
    const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(clues);
    expect(everything.length).toBe(n);
    const nanhuClue = pool.find((c) => c.orgId === nanhuId)!.id;
    const dongchengClue = pool.find((c) => c.orgId === dongchengId)!.id;
    expect((await getClue(leader, nanhuClue)).orgName).toBe(ORGS.nanhu);
    expect((await getClue(leader, dongchengClue)).orgName).toBe(ORGS.dongcheng);
    expect((await getClue(cityLeader, dongchengClue)).orgName).toBe(ORGS.dongcheng);
    await refused(() => getClue(cityLeader, nanhuClue), NotFoundError);
    expect((await allClues(cityLeader)).every((c) => c.orgId !== nanhuId)).toBe(true);
  });
});

describe("reveal", () => {
  it("returns the raw value, audited with the field; refuses what is not masked personal data", async () => {
    const id = take((c) => c.subjectKind === "person");
    const [raw] = await getDb().select({ subjectId: clues.subjectId }).from(clues).where(eq(clues.id, id));
    expect((await getClue(prosecutor, id)).subject.idNumber).not.toBe(raw.subjectId);
    const value = await revealClueField(prosecutor, id, { field: "subject" });
    expect(value).toBe(raw.subjectId);
    expect(value).toMatch(/^\d{17}[\dX]$/);
    const [entry] = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "clue.reveal"), eq(auditLog.targetId, String(id))));
    expect(entry).toMatchObject({ actorId: prosecutor.id, actorName: "陈静", orgId: dongchengId, targetType: "clue", ip: "10.0.0.1", detail: { field: "subject" } });

    // Not personal data, not in the evidence, malformed: refused, and no audit row.
    await refused(() => revealClueField(prosecutor, id, { field: "j.case_no" }), NotFoundError, "可查看的个人信息不存在或无权访问");
    await refused(() => revealClueField(prosecutor, id, { field: "j.id_number" }), NotFoundError);
    await refused(() => revealClueField(prosecutor, id, { field: "../etc" }), ValidationError, /字段无效/);
  });

  it("reveals a masked evidence field (a company's phone) that the detail shows masked", async () => {
    // The demo data plants companies served by public notice, with a phone on the registry.
    const companies = pool.filter((c) => c.orgId === dongchengId && c.subjectKind === "company");
    expect(companies.length).toBeGreaterThan(0);
    const withPhone = [];
    for (const c of companies) {
      const f = (await getClue(prosecutor, c.id)).evidence.find((s) => s.alias === "r")?.fields.find((x) => x.name === "phone");
      if (f?.pii) withPhone.push({ company: c, phone: f });
    }
    expect(withPhone.length).toBeGreaterThan(0);
    const { company, phone } = withPhone[0];
    expect(phone.pii).toBe("phone");
    const value = await revealClueField(prosecutor, company.id, { field: "r.phone" });
    expect(value).not.toBe(phone.value);
    expect(phone.value).toBe(`${value.slice(0, 3)}****${value.slice(-4)}`);
    // A company has no personal ID number to reveal.
    await refused(() => revealClueField(prosecutor, company.id, { field: "subject" }), NotFoundError);
  });

  it(`is refused past REVEAL_LIMITS.perUser (${REVEAL_LIMITS.perUser}) per window, per user`, async () => {
    const id = pool.find((c) => c.orgId === dongchengId && c.subjectKind === "person")!.id;
    await getRedis().del(`reveal:user:${prosecutor.id}`);
    const audited = async (): Promise<number> =>
      (await getDb().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(and(eq(auditLog.action, "clue.reveal"), eq(auditLog.actorId, prosecutor.id))))[0].n;
    const before = await audited();
    for (let i = 0; i < REVEAL_LIMITS.perUser; i++) await revealClueField(prosecutor, id, { field: "subject" });
    const e = await refused(() => revealClueField(prosecutor, id, { field: "subject" }), RateLimitedError, "查看个人信息过于频繁");
    expect(e.retryAfterSeconds).toBeGreaterThan(0);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(REVEAL_LIMITS.windowSeconds);
    expect(await audited()).toBe(before + REVEAL_LIMITS.perUser);
    // Another user's budget is untouched.
    expect(await revealClueField(leader, id, { field: "subject" })).toMatch(/^\d{17}[\dX]$/);
  });
});

const HEADERS = ["线索编号", "标题", "状态", "监督模型", "业务条线", "所属院", "当事人", "证件号码（已脱敏）", "承办人", "发现时间"];

async function exportRows(actor: Actor, filter: Record<string, unknown>): Promise<{ fileName: string; headers: unknown[]; rows: unknown[][] }> {
  const { stream, fileName } = await exportClues(actor, filter);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(stream);
  const sheet = workbook.getWorksheet("线索")!;
  const values: unknown[][] = [];
  sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  return { fileName, headers: values[0], rows: values.slice(1) };
}

describe("export", () => {
  it("writes the filtered list as .xlsx with Chinese headers, one row per clue, ID numbers masked, and audits it", async () => {
    const expected = await allClues(prosecutor, { status: "new" });
    expect(expected.length).toBeGreaterThan(5);
    const { fileName, headers, rows } = await exportRows(prosecutor, { status: "new", limit: 1 });
    expect(fileName).toMatch(/^监督线索_\d{8}\.xlsx$/);
    expect(headers).toEqual(HEADERS);
    expect(rows.length).toBe(expected.length);
    expect(rows.map((r) => r[0])).toEqual(expected.map((c) => c.id));
    expect(rows.every((r) => r[2] === "待分派" && r[5] === ORGS.dongcheng)).toBe(true);
    const raw = (await getDb().select({ v: clues.subjectId }).from(clues).where(and(eq(clues.orgId, dongchengId), eq(clues.subjectKind, "person")))).map((r) => r.v);
    const cells = JSON.stringify(rows);
    for (const v of raw) expect(cells).not.toContain(v);

    // Everything of the org, whatever its status.
    const every = await exportRows(prosecutor, {});
    expect(every.rows.length).toBe((await allClues(prosecutor)).length);

    // The audit entry follows the last byte.
    let entry;
    for (let i = 0; i < 50 && !entry; i++) {
      [entry] = await getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "clue.export"), eq(auditLog.actorId, prosecutor.id), sql`${auditLog.detail}->'filter'->>'status' = 'new'`));
      if (!entry) await new Promise((r) => setTimeout(r, 50));
    }
    expect(entry?.detail).toMatchObject({ rows: expected.length, filter: { status: "new" } });
  });

  it("refuses a bad filter before writing anything", async () => {
    await refused(() => exportClues(prosecutor, { status: "bogus" }), ValidationError, /状态取值无效/);
  });
});

describe("status counts", () => {
  it("the tallies equal a count over the clues after all these transitions, for every scope", async () => {
    for (const actor of [prosecutor, nanhu, multi, cityLeader, leader]) {
      const rows = await getSql()<{ status: ClueStatus; n: number }[]>`
        select c.status, count(*)::int as n from clues c join orgs o on o.id = c.org_id
        where o.path like ${actor.orgPath} || '%' group by c.status`;
      const expected = { new: 0, assigned: 0, verifying: 0, confirmed: 0, dismissed: 0, transferred: 0 } as Record<ClueStatus, number>;
      for (const r of rows) expected[r.status] = r.n;
      expect(await clueStatusCounts(actor, {}), actor.name).toEqual(expected);
      // The row-count path (a filter the tallies do not cover) agrees.
      expect(await clueStatusCounts(actor, { from: "2000-01-01" }), actor.name).toEqual(expected);
    }
    const dongcheng = await clueStatusCounts(prosecutor, {});
    for (const s of ["assigned", "verifying", "confirmed", "dismissed", "transferred"] as const) expect(dongcheng[s], s).toBeGreaterThan(0);
    // By model, and by assignee (counted over rows).
    const [m1] = await getSql()<{ n: number }[]>`select count(*)::int as n from clues where model_id = ${model1} and org_id = ${dongchengId} and status = 'new'`;
    expect((await clueStatusCounts(prosecutor, { model: model1 })).new).toBe(m1.n);
    const mine = await getSql()<{ n: number }[]>`select count(*)::int as n from clues where assignee_id = ${prosecutor.id} and status in ('assigned', 'verifying')`;
    const counts = await clueStatusCounts(prosecutor, { assignee: prosecutor.id });
    expect(counts.assigned + counts.verifying).toBe(mine[0].n);
    expect((await myWaitingClues(prosecutor)).total).toBe(mine[0].n);
  });

  it("the tallies table equals the clues grouped by org, model and status", async () => {
    const [diff] = await getSql()<{ n: number }[]>`
      select count(*)::int as n from (
        (select org_id, model_id, status, count(*)::bigint as n from clues group by 1, 2, 3
         except select org_id, model_id, status, sum(n)::bigint from clue_tallies group by 1, 2, 3 having sum(n) <> 0)
        union all
        (select org_id, model_id, status, sum(n)::bigint from clue_tallies group by 1, 2, 3 having sum(n) <> 0
         except select org_id, model_id, status, count(*)::bigint from clues group by 1, 2, 3)) d`;
    expect(diff.n).toBe(0);
  });
});
