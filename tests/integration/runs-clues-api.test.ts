// The machine API for runs and clues: API-key auth, 202 + Location for a run, 409/422 from the
// run guards, 404 for another org's run or clue, 422 naming a bad query parameter in Chinese,
// keyset pages that add up to the whole list, and ID numbers masked everywhere.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getClueRoute } from "@/app/api/v1/clues/[id]/route";
import { GET as listCluesRoute } from "@/app/api/v1/clues/route";
import { POST as startRunRoute } from "@/app/api/v1/models/[id]/runs/route";
import { GET as listModelsRoute } from "@/app/api/v1/models/route";
import { GET as getRunRoute } from "@/app/api/v1/runs/[id]/route";
import { getDb } from "@/db/client";
import { auditLog, clues, models } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import type { Actor } from "@/lib/auth/actor";
import { chinaToday } from "@/lib/calendar/china-date";
import { cancelRun, startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const AS_OF = "2026-11-01";
const DEMO_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // 东城区 (seeded by setupDemoDatabase)
let database: TestDatabase;
let nanhuKey: string;
let xichengKey: string;
let prosecutor: Actor;
let dongchengId: string;
let nanhuId: string;
let model1: string;
let model2: string;

beforeAll(async () => {
  usePrivateRedis(11);
  database = await setupDemoDatabase({ withData: true, clues: false });
  prosecutor = await actorFor("prosecutor");
  const admin = await actorFor("admin");
  dongchengId = await orgIdByName(ORGS.dongcheng);
  nanhuId = await orgIdByName(ORGS.nanhu);
  nanhuKey = (await createApiKey(admin, { orgId: nanhuId, name: "南湖对接", scopes: ["data_admin", "prosecutor"] })).key;
  xichengKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.xicheng), name: "西城对接", scopes: ["data_admin", "prosecutor"] })).key;
  const rows = await getDb().select({ id: models.id, key: models.key }).from(models);
  model1 = rows.find((m) => m.key === "pretrial_release_not_delivered")!.id;
  model2 = rows.find((m) => m.key === "drunk_driving_licence_valid")!.id;
}, 240_000);
afterAll(async () => {
  await database.drop();
});

type Init = { method?: string; body?: string; key?: string | null };

function request(path: string, init: Init = {}): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = init.key === undefined ? DEMO_KEY : init.key;
  if (key) headers.authorization = `Bearer ${key}`;
  return new Request(`http://x${path}`, { method: init.method ?? "GET", headers, body: init.body });
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

async function postRun(modelId: string, init: Init = {}): Promise<Response> {
  return startRunRoute(request(`/api/v1/models/${modelId}/runs`, { method: "POST", ...init }), params({ id: modelId }));
}
async function runStatus(id: string, key: string | null = DEMO_KEY): Promise<Response> {
  return getRunRoute(request(`/api/v1/runs/${id}`, { key }), params({ id }));
}
async function cluePage(query: string, key: string | null = DEMO_KEY): Promise<Response> {
  return listCluesRoute(request(`/api/v1/clues${query}`, { key }), params({}));
}
async function clueDetail(id: string | number, key: string | null = DEMO_KEY): Promise<Response> {
  return getClueRoute(request(`/api/v1/clues/${id}`, { key }), params({ id: String(id) }));
}

/** Starts a run through the API and executes it in-process (no worker listens on this Redis DB). */
async function runViaApi(modelId: string, key: string): Promise<string> {
  const res = await postRun(modelId, { key, body: JSON.stringify({ runDate: AS_OF }) });
  expect(res.status).toBe(202);
  const { id } = await res.json();
  expect(await executeRun(id, { finalAttempt: true })).toBe("succeeded");
  return id;
}

async function rawIdNumbers(orgId: string): Promise<string[]> {
  const rows = await getDb().select({ id: clues.subjectId }).from(clues).where(and(eq(clues.orgId, orgId), eq(clues.subjectKind, "person")));
  return rows.map((r) => r.id).filter((v): v is string => v !== null);
}

interface ClueItem {
  id: number;
  orgId: string;
  status: string;
  modelId: string;
  businessLine: string;
  subjectId: string | null;
  firstSeenAt: string;
}

describe("authentication", () => {
  it("answers 401 without a key or with an unknown one, for every endpoint", async () => {
    const responses = [
      await listModelsRoute(request("/api/v1/models", { key: null }), params({})),
      await postRun(model1, { key: null }),
      await runStatus("00000000-0000-4000-8000-000000000000", null),
      await cluePage("", null),
      await clueDetail(1, null),
      await cluePage("", "dj_not_a_real_key_000000000000000000000"),
    ];
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
  });
});

describe("GET /api/v1/models", () => {
  it("lists the org's runnable models with their published version, without the rule", async () => {
    const res = await listModelsRoute(request("/api/v1/models"), params({}));
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toHaveLength(8);
    const m = items.find((i: { key: string }) => i.key === "pretrial_release_not_delivered");
    expect(m).toMatchObject({ id: model1, name: "审前未羁押判处实刑罪犯交付执行监督", businessLine: "criminal", version: 1, builtin: true });
    expect(m.versionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.legalBasis).toContain("刑事诉讼法");
    expect(m).not.toHaveProperty("definition");
  });
});

describe("POST /api/v1/models/{id}/runs and GET /api/v1/runs/{id}", () => {
  it("queues a run (202 + Location), refuses a second while it is active (409), then reports its counts", async () => {
    const res = await postRun(model1, { body: JSON.stringify({ runDate: AS_OF }) });
    expect(res.status).toBe(202);
    const { id, status } = await res.json();
    expect(status).toBe("queued");
    expect(res.headers.get("location")).toBe(`/api/v1/runs/${id}`);

    const queued = await (await runStatus(id)).json();
    expect(queued).toMatchObject({ id, status: "queued", trigger: "api", runDate: AS_OF, model: { id: model1, name: "审前未羁押判处实刑罪犯交付执行监督" }, hits: null, finishedAt: null });

    const again = await postRun(model1, { body: JSON.stringify({ runDate: AS_OF }) });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({ code: "conflict", message: expect.stringContaining("已有排队或运行中的任务") });

    expect(await executeRun(id, { finalAttempt: true })).toBe("succeeded");
    const done = await runStatus(id);
    expect(done.status).toBe(200);
    const body = await done.json();
    expect(body.status).toBe("succeeded");
    expect(body.hits).toBeGreaterThanOrEqual(5);
    expect(body.newClues).toBe(body.hits);
    expect(body.redetectedClues).toBe(0);
    expect(body.missingClues).toBe(0);
    expect(body.rowsConsidered).toBeGreaterThan(body.hits);
    expect(body.durationMs).toBeGreaterThanOrEqual(0);
    expect(body.error).toBeNull();
    for (const at of ["queuedAt", "startedAt", "finishedAt"]) expect(Number.isNaN(Date.parse(body[at]))).toBe(false);
    // Internals stay internal.
    expect(body).not.toHaveProperty("backendPid");
    expect(body).not.toHaveProperty("worker");
  });

  it("takes no body at all (runs as of today), and a cancelled run reports so", async () => {
    const res = await postRun(model2);
    expect(res.status).toBe(202);
    const { id } = await res.json();
    expect((await (await runStatus(id)).json()).runDate).toBe(chinaToday());
    await cancelRun(prosecutor, id);
    const body = await (await runStatus(id)).json();
    expect(body.status).toBe("cancelled");
    expect(body.error).toContain("取消");
  });

  it("answers 422 for a bad body, naming the field in Chinese", async () => {
    const badDate = await postRun(model1, { body: JSON.stringify({ runDate: "2026/11/01" }) });
    expect(badDate.status).toBe(422);
    const body = await badDate.json();
    expect(body.error.message).toContain("运行日期");
    expect(body.error.issues).toEqual([{ path: "runDate", message: "应为 1900—2100 年间的有效日期，格式 YYYY-MM-DD" }]);
    const notJson = await postRun(model1, { body: "{runDate:" });
    expect(notJson.status).toBe(422);
    expect((await notJson.json()).error.message).toContain("JSON");
  });

  it("answers 422, not 500, for a run date that is well formed but not a calendar day", async () => {
    for (const runDate of ["2026-02-30", "2026-13-01"]) {
      const res = await postRun(model1, { body: JSON.stringify({ runDate }) });
      expect(res.status, runDate).toBe(422);
      expect((await res.json()).error.message).toContain("运行日期");
    }
  });

  it("answers 422 with the missing grant when the org may not run the model", async () => {
    // 西城区 holds no grant on the built-in datasets.
    const res = await postRun(model1, { key: xichengKey, body: JSON.stringify({ runDate: AS_OF }) });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.message).toContain("模型无法运行");
    expect(error.message).toContain("未获本院授权");
    expect(error.issues.length).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown model and for a malformed id", async () => {
    expect((await postRun("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await postRun("not-a-uuid")).status).toBe(404);
    expect((await runStatus("not-a-uuid")).status).toBe(404);
  });

  it("answers 404 for another org's run, 200 for the org's own key", async () => {
    const nanhuRun = await runViaApi(model1, nanhuKey);
    const other = await runStatus(nanhuRun, DEMO_KEY);
    expect(other.status).toBe(404);
    expect((await other.json()).error).toEqual({ code: "not_found", message: "运行记录不存在或无权访问" });
    const own = await runStatus(nanhuRun, nanhuKey);
    expect(own.status).toBe(200);
    expect((await own.json()).status).toBe("succeeded");
  });
});

describe("GET /api/v1/clues and /api/v1/clues/{id}", () => {
  let all: ClueItem[];

  beforeAll(async () => {
    // More clues for 东城区 (model 1 already ran): pages then hold ties on first_seen_at (one run, one now()).
    const runnable = (await (await listModelsRoute(request("/api/v1/models"), params({}))).json()).items as { id: string; key: string }[];
    for (const m of runnable.filter((r) => r.id !== model1)) await runViaApi(m.id, DEMO_KEY);
    const res = await cluePage("?limit=200");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.nextCursor).toBeNull();
    all = body.items;
  }, 120_000);

  it("lists only the org's clues, newest first", async () => {
    const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(clues).where(eq(clues.orgId, dongchengId));
    expect(all.length).toBe(n);
    expect(all.length).toBeGreaterThan(10);
    expect(all.every((c) => c.orgId === dongchengId)).toBe(true);
    const seen = all.map((c) => Date.parse(c.firstSeenAt));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    // 南湖区 has clues too, which its own key sees and 东城区's does not.
    const nanhu = await (await cluePage("?limit=200", nanhuKey)).json();
    expect(nanhu.items.length).toBeGreaterThan(0);
    expect(nanhu.items.every((c: ClueItem) => c.orgId === nanhuId)).toBe(true);
  });

  it("walks every clue with limit=2: no duplicates, no gaps, same order as one large page", async () => {
    for (const sort of ["newest", "oldest"] as const) {
      const walked: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await cluePage(`?limit=2&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        expect(res.status).toBe(200);
        const page: { items: ClueItem[]; nextCursor: string | null } = await res.json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        walked.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
        pages++;
        expect(pages).toBeLessThan(500);
      } while (cursor);
      expect(new Set(walked).size).toBe(walked.length);
      const expected = all.map((c) => c.id);
      expect(walked).toEqual(sort === "newest" ? expected : [...expected].reverse());
      expect(pages).toBe(Math.ceil(all.length / 2));
    }
  });

  it("filters by status, model and business line", async () => {
    const byModel = (await (await cluePage(`?model=${model1}&status=new&businessLine=criminal&limit=200`)).json()).items as ClueItem[];
    expect(byModel.length).toBe(all.filter((c) => c.modelId === model1).length);
    expect(byModel.every((c) => c.modelId === model1 && c.status === "new" && c.businessLine === "criminal")).toBe(true);
    expect((await (await cluePage("?status=confirmed")).json()).items).toEqual([]);
    expect((await (await cluePage("?status=open&limit=200")).json()).items.length).toBe(all.length);
  });

  it("answers 422 for a bad query parameter, naming the field in Chinese", async () => {
    const cases: [string, string, string][] = [
      ["?limit=0", "limit", "每页条数"],
      ["?limit=201", "limit", "每页条数"],
      ["?status=bogus", "status", "状态"],
      ["?model=nope", "model", "监督模型"],
      ["?businessLine=space", "businessLine", "业务条线"],
      ["?from=2026%2F01%2F01", "from", "起始日期"],
      ["?sort=random", "sort", "排序"],
    ];
    for (const [query, path, label] of cases) {
      const res = await cluePage(query);
      expect(res.status, query).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe("validation_failed");
      expect(error.message, query).toContain(`${label}：`);
      expect(error.issues.map((i: { path: string }) => i.path), query).toEqual([path]);
    }
    const badCursor = await cluePage("?cursor=bm9wZQ");
    expect(badCursor.status).toBe(422);
    expect((await badCursor.json()).error.issues).toEqual([{ path: "cursor", message: "分页游标无效，请从第一页重新浏览" }]);
  });

  it("explains every bad query parameter in Chinese, not only the field's name", async () => {
    // The UI and the API answer in Chinese; zod's built-in (English) messages must not leak.
    for (const query of ["?limit=abc", "?limit=2.5", "?assignee=bob", `?cursor=${"x".repeat(201)}`]) {
      const res = await cluePage(query);
      expect(res.status, query).toBe(422);
      const { error } = await res.json();
      for (const issue of error.issues as { message: string }[]) expect(issue.message, `${query}: ${issue.message}`).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it("answers 422, not 500, for a date that is well formed but not a calendar day", async () => {
    for (const query of ["?from=2026-02-30", "?to=2026-13-01"]) {
      const res = await cluePage(query);
      expect(res.status, query).toBe(422);
    }
  });

  it("masks ID numbers in the list and in the detail", async () => {
    const raw = await rawIdNumbers(dongchengId);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((v) => /^\d{17}[\dX]$/.test(v))).toBe(true);
    const listText = await (await cluePage("?limit=200")).text();
    for (const v of raw) expect(listText).not.toContain(v);
    // A person's ID number is masked; a company's credit code is not personal data and shows as is.
    const kinds = new Map((await getDb().select({ id: clues.id, kind: clues.subjectKind }).from(clues).where(eq(clues.orgId, dongchengId))).map((r) => [r.id, r.kind]));
    const people = all.filter((c) => kinds.get(c.id) === "person");
    expect(people.length).toBeGreaterThan(0);
    for (const c of people) expect(c.subjectId).toMatch(/^\d{4}\*{10}[\dX]{4}$/);

    // Every detail, evidence included, shows no raw ID number.
    for (const c of all) {
      const res = await clueDetail(c.id);
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const v of raw) expect(text).not.toContain(v);
    }
  });

  it("returns the detail: subject, evidence, explanation, history, outcomes", async () => {
    const target = all.find((c) => c.modelId === model1)!;
    const res = await clueDetail(target.id);
    const d = await res.json();
    expect(d).toMatchObject({ id: target.id, status: "new", orgId: dongchengId, orgName: ORGS.dongcheng, businessLine: "criminal", stillDetected: true, hitCount: 1, assigneeId: null });
    expect(d.model).toMatchObject({ id: model1, name: "审前未羁押判处实刑罪犯交付执行监督", version: 1 });
    expect(d.subject.kind).toBe("person");
    expect(d.subject.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(d.evidence[0].fields.map((f: { name: string }) => f.name)).toContain("case_no");
    expect(d.explanation).toBeTruthy();
    expect(d.history).toEqual([]);
    expect(d.outcomes).toEqual([]);
  });

  it("answers 404 for another org's clue, an unknown id and a malformed id", async () => {
    const nanhu = (await (await cluePage("?limit=1", nanhuKey)).json()).items[0] as ClueItem;
    expect((await clueDetail(nanhu.id, nanhuKey)).status).toBe(200);
    const other = await clueDetail(nanhu.id, DEMO_KEY);
    expect(other.status).toBe(404);
    expect((await other.json()).error).toEqual({ code: "not_found", message: "线索不存在或无权访问" });
    expect((await clueDetail(999_999_999)).status).toBe(404);
    expect((await clueDetail("abc")).status).toBe(404);
    // And another org's clues never appear in a list, even when asked for that org.
    expect((await (await cluePage(`?org=${nanhuId}`)).json()).items).toEqual([]);
  });

  it("audits the calls with the key as actor (a key's reads of one path once a minute)", async () => {
    const rows = await getDb()
      .select({ detail: auditLog.detail, orgId: auditLog.orgId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "api.call"), sql`${auditLog.detail}->>'path' = '/api/v1/clues'`));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThanOrEqual(3); // one per key (demo, 南湖, 西城), however many pages were read
    expect(rows.some((r) => r.orgId === dongchengId && r.detail?.method === "GET")).toBe(true);
  });
});
