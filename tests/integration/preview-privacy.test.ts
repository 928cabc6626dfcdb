// Previews and clue details leave no personal data in clear (ID numbers, phones), grants are
// checked as of today whatever run date a preview names, and a preview cannot hold the database:
// a statement timeout (422), two previews at a time per key (429), bodies under 1 MB (413).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getClueRoute } from "@/app/api/v1/clues/[id]/route";
import { GET as listCluesRoute } from "@/app/api/v1/clues/route";
import { POST as startRunRoute } from "@/app/api/v1/models/[id]/runs/route";
import { POST as checkRoute } from "@/app/api/v1/rules/check/route";
import { POST as previewRoute } from "@/app/api/v1/rules/preview/route";
import { getDb } from "@/db/client";
import { dataApplications, datasets, models } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import { getRedis } from "@/lib/redis";
import { executeRun } from "@/lib/runs/execute";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis, userIdByUsername } from "../helpers/demo";
import { findClearPersonalData } from "../helpers/personal-data";

const AS_OF = "2026-11-01";
const DEMO_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // 东城区 (seeded by setupDemoDatabase)
const model1 = BUILTIN_MODELS.find((m) => m.number === 1)!;
const model3 = BUILTIN_MODELS.find((m) => m.number === 3)!;
let database: TestDatabase;

beforeAll(async () => {
  usePrivateRedis(8);
  database = await setupDemoDatabase({ withData: true, clues: false });
  // The demo grants start yesterday; these tests preview as of AS_OF, inside the grants.
  await getDb().update(dataApplications).set({ validFrom: "2026-01-01" });
  const ids = await getDb().select({ id: models.id, key: models.key }).from(models);
  for (const key of [model1.key, model3.key]) {
    const id = ids.find((m) => m.key === key)!.id;
    const res = await startRunRoute(call(`/api/v1/models/${id}/runs`, DEMO_KEY, { runDate: AS_OF }), params({ id }));
    expect(res.status).toBe(202);
    expect(await executeRun((await res.json()).id, { finalAttempt: true })).toBe("succeeded");
  }
}, 240_000);
afterAll(async () => {
  await database.drop();
});

function call(path: string, key: string, body?: unknown): Request {
  const init: RequestInit = { method: body === undefined ? "GET" : "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  return new Request(`http://x${path}`, init);
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const preview = (body: unknown, key = DEMO_KEY): Promise<Response> => previewRoute(call("/api/v1/rules/preview", key, body), params({}));

describe("no clear personal data in previews and clue details", () => {
  it("a preview masks ID numbers and phones in subject, dedupKey and evidence, as the clue list does", async () => {
    for (const m of [model1, model3]) {
      const res = await preview({ definition: m.rule, runDate: AS_OF, limit: 500 });
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text) as { count: number; clues: { subject: { idNumber: string | null }; evidence: Record<string, Record<string, unknown>> }[] };
      expect(body.count).toBeGreaterThan(0);
      expect(findClearPersonalData(text)).toEqual([]);
      if (m === model1) expect(body.clues[0].subject.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      if (m === model3) expect(String(body.clues[0].evidence.r.phone)).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
  });

  it("a clue's detail masks the values its explanation read (model 3: company phones), like its evidence", async () => {
    const list = await (await listCluesRoute(call("/api/v1/clues?limit=200", DEMO_KEY), params({}))).json();
    const ids = (list.items as { id: number; title: string }[]).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    let phoneLines = 0;
    for (const id of ids.slice(0, 40)) {
      const text = await (await getClueRoute(call(`/api/v1/clues/${id}`, DEMO_KEY), params({ id: String(id) }))).text();
      expect(findClearPersonalData(text)).toEqual([]);
      const lines = (JSON.parse(text) as { explanation: { lines: { text: string; value?: string }[] } }).explanation.lines;
      const phone = lines.find((l) => l.text.includes("联系电话 不为空"));
      if (phone) {
        expect(phone.value).toMatch(/^\d{3}\*{4}\d{4}$/);
        phoneLines++;
      }
    }
    expect(phoneLines).toBeGreaterThan(0);
  });
});

describe("grants as of today", () => {
  it("a grant that starts next June does not open the data today, whatever runDate the preview sends", async () => {
    const nanhuId = await orgIdByName(ORGS.nanhu);
    const admin = await actorFor("admin");
    const key = (await createApiKey(admin, { orgId: nanhuId, name: "南湖预览", scopes: ["data_admin", "prosecutor"] })).key;
    await getDb().delete(dataApplications).where(eq(dataApplications.orgId, nanhuId));
    const applicantId = await userIdByUsername("data_admin");
    for (const k of ["criminal_judgment", "prison_admission"]) {
      const [d] = await getDb().select().from(datasets).where(eq(datasets.key, k));
      await getDb().insert(dataApplications).values({ datasetId: d.id, orgId: nanhuId, applicantId, purpose: "明年六月起使用", validFrom: "2027-06-01", validTo: "2027-12-31", status: "approved" });
    }
    const res = await preview({ definition: model1.rule, runDate: "2027-06-15" }, key);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.issues.map((i: { path: string }) => i.path)).toContain("from.dataset");
    expect(JSON.stringify(body.error.issues)).toContain("未获本院授权");
    // A live grant and a past or future runDate still preview: the date moves only the rule's arithmetic.
    await getDb()
      .update(dataApplications)
      .set({ validFrom: "2026-01-01" })
      .where(and(eq(dataApplications.orgId, nanhuId), eq(dataApplications.status, "approved")));
    expect((await preview({ definition: model1.rule, runDate: "2027-06-15" }, key)).status).toBe(200);
  });
});

/** A rule whose always-true self-joins multiply every row of the org by itself three times. */
const exploding = {
  ...model1.rule,
  joins: ["a", "b", "c"].map((as) => ({ dataset: "criminal_judgment", as, type: "inner", on: { field: `${as}.case_no`, op: "isNotNull" } })),
  where: undefined,
  // Model 1's parameter (graceDays) is read only by its where: a declared, unused parameter is refused.
  params: undefined,
  clue: { ...model1.rule.clue, dedupKey: ["j.case_no", "j.id_number", ...["a", "b", "c"].flatMap((as) => [`${as}.case_no`, `${as}.id_number`])] },
};

async function withTimeout<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PREVIEW_TIMEOUT_MS;
  process.env.PREVIEW_TIMEOUT_MS = String(ms);
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.PREVIEW_TIMEOUT_MS;
    else process.env.PREVIEW_TIMEOUT_MS = before;
  }
}

describe("a preview cannot hold the database", () => {
  it("runs under a statement timeout and answers 422 预览超时 when it passes it", async () => {
    const res = await withTimeout(300, () => preview({ definition: exploding, runDate: AS_OF }));
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe("预览超时：请增加筛选条件");
  });

  it("allows two previews at a time per key: a third answers 429 in Chinese, and slots come back after errors", async () => {
    await withTimeout(1500, async () => {
      const slow = [preview({ definition: exploding, runDate: AS_OF }), preview({ definition: exploding, runDate: AS_OF })];
      // Wait until both hold their slot (Redis), then try a third.
      const keys = async (): Promise<number> => (await getRedis().keys("preview:active:*")).length;
      await expect.poll(async () => {
        const k = await getRedis().keys("preview:active:*");
        return k.length === 0 ? 0 : getRedis().zcard(k[0]);
      }, { timeout: 5_000, interval: 20 }).toBe(2);
      const third = await preview({ definition: model1.rule, runDate: AS_OF, limit: 1 });
      expect(third.status).toBe(429);
      expect((await third.json()).error.message).toContain("最多同时进行 2 个预览");
      expect((await Promise.all(slow)).map((r) => r.status)).toEqual([422, 422]);
      expect(await keys()).toBe(0);
    });
    // Both slots were given back on the timeout path: previews run again.
    const after = await Promise.all([1, 2].map(() => preview({ definition: model1.rule, runDate: AS_OF, limit: 1 })));
    expect(after.map((r) => r.status)).toEqual([200, 200]);
  });

  it("refuses a rule body over 1 MB with 413 before parsing it (preview and check)", async () => {
    const padding = "x".repeat(1024 * 1024);
    const big = { definition: { ...model1.rule, description: padding }, runDate: AS_OF };
    for (const route of [previewRoute, checkRoute]) {
      const res = await route(call("/api/v1/rules/preview", DEMO_KEY, big), params({}));
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toContain("请求体过大");
    }
    // Not JSON at all, but too large: the size answers first, so nothing was parsed.
    const notJson = await preview(`{${padding}`);
    expect(notJson.status).toBe(413);
  });
});
