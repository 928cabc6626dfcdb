// 本院参数: an org's own values of a model's parameters. Read and written through the API (404 for a
// model the org cannot run, 422 with the path for a value out of bounds, 403 for a role that may
// not build); a run uses the org's values over the version's defaults, records them, and the
// clue's explanation shows them (“宽限天数 = 45（本院设置）”). Another org keeps its own values.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getParamsRoute, PUT as putParamsRoute } from "@/app/api/v1/models/[id]/params/route";
import { POST as startRunRoute } from "@/app/api/v1/models/[id]/runs/route";
import { GET as getRunRoute } from "@/app/api/v1/runs/[id]/route";
import { getDb } from "@/db/client";
import { auditLog, clues, models, modelVersions, orgs, runs } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import { getClue } from "@/lib/clues/queries";
import { NotFoundError } from "@/lib/errors";
import { getModelParams } from "@/lib/models/params";
import { definitionHash } from "@/lib/models/registry";
import { executeRun } from "@/lib/runs/execute";
import { previewModel } from "@/lib/rules/preview-model";
import { previewRule } from "@/lib/rules/service";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const AS_OF = "2026-11-01";
let database: TestDatabase;
let model1: string;
let xichengModel: string;
let dongchengBuilderKey: string;
let dongchengProsecutorKey: string;
let nanhuBuilderKey: string;

beforeAll(async () => {
  usePrivateRedis(12);
  database = await setupDemoDatabase({ withData: true, clues: false });
  const admin = await actorFor("admin");
  const key = async (org: string, scopes: ("model_builder" | "prosecutor")[]) => (await createApiKey(admin, { orgId: await orgIdByName(org), name: `参数 ${org} ${scopes.join()}`, scopes })).key;
  dongchengBuilderKey = await key(ORGS.dongcheng, ["model_builder"]);
  dongchengProsecutorKey = await key(ORGS.dongcheng, ["prosecutor"]);
  nanhuBuilderKey = await key(ORGS.nanhu, ["model_builder"]);
  const rows = await getDb().select({ id: models.id, key: models.key }).from(models);
  model1 = rows.find((m) => m.key === "pretrial_release_not_delivered")!.id;
  // A 西城 model: 东城 (its sibling) can neither run nor see it.
  const [m1] = await getDb().select({ definition: modelVersions.definition }).from(modelVersions).where(eq(modelVersions.modelId, model1));
  const [x] = await getDb()
    .insert(models)
    .values({ key: "xicheng_params", name: "西城参数模型", businessLine: "criminal_execution", ownerOrgId: await orgIdByName(ORGS.xicheng) })
    .returning({ id: models.id });
  await getDb().insert(modelVersions).values({ modelId: x.id, version: 1, definition: m1.definition, contentHash: definitionHash(m1.definition), status: "published" });
  xichengModel = x.id;
}, 240_000);
afterAll(async () => {
  await database.drop();
});

const ctxOf = (id: string) => ({ params: Promise.resolve({ id }) });
function request(modelId: string, key: string, body?: unknown): Request {
  return new Request(`http://x/api/v1/models/${modelId}/params`, {
    method: body === undefined ? "GET" : "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("本院参数 through the API", () => {
  it("the built-in model 1 declares its grace days; GET answers the declaration, the default and where the value comes from", async () => {
    const res = await getParamsRoute(request(model1, dongchengProsecutorKey), ctxOf(model1));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.params).toContainEqual({ name: "graceDays", label: "交付执行宽限天数", type: "integer", default: 30, min: 1, max: 365, value: 30, source: "default" });
  });

  it("PUT validates against the bounds: 422 with the path, in Chinese; nothing stored", async () => {
    const res = await putParamsRoute(request(model1, dongchengBuilderKey, { values: { graceDays: 400, nope: 1 } }), ctxOf(model1));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.issues).toEqual([
      { path: "values.graceDays", message: "交付执行宽限天数不能大于 365（上限），实际为 400" },
      { path: "values.nope", message: expect.stringContaining("模型没有参数“nope”") },
    ]);
    const bad = await putParamsRoute(request(model1, dongchengBuilderKey, { values: "30" }), ctxOf(model1));
    expect(bad.status).toBe(422);
    expect((await (await getParamsRoute(request(model1, dongchengBuilderKey), ctxOf(model1))).json()).params[0].source).toBe("default");
  });

  it("a prosecutor may read but not set them (403)", async () => {
    const res = await putParamsRoute(request(model1, dongchengProsecutorKey, { values: { graceDays: 45 } }), ctxOf(model1));
    expect(res.status).toBe(403);
  });

  it("another org's model answers 404, read or write; a bad id too", async () => {
    for (const res of [
      await getParamsRoute(request(xichengModel, dongchengBuilderKey), ctxOf(xichengModel)),
      await putParamsRoute(request(xichengModel, dongchengBuilderKey, { values: { graceDays: 45 } }), ctxOf(xichengModel)),
      await getParamsRoute(request("not-a-uuid", dongchengBuilderKey), ctxOf("not-a-uuid")),
    ]) {
      expect(res.status).toBe(404);
    }
    await expect(getModelParams(await actorFor("prosecutor"), xichengModel)).rejects.toThrow(NotFoundError);
  });

  it("PUT stores the org's value (audited); another org that runs the same model keeps the default", async () => {
    const res = await putParamsRoute(request(model1, dongchengBuilderKey, { values: { graceDays: 45 } }), ctxOf(model1));
    expect(res.status).toBe(200);
    expect((await res.json()).params[0]).toMatchObject({ name: "graceDays", value: 45, source: "org" });
    const nanhu = await (await getParamsRoute(request(model1, nanhuBuilderKey), ctxOf(model1))).json();
    expect(nanhu.params[0]).toMatchObject({ value: 30, source: "default" });
    const [entry] = await getDb().select().from(auditLog).where(eq(auditLog.action, "model.set_params"));
    expect(entry.detail).toMatchObject({ values: { graceDays: 45 } });
  });
});

describe("a run uses the org's values and records them", () => {
  /** Starts a run through the API as 东城's builder key and executes it in-process (no worker listens on this Redis DB). */
  async function run(): Promise<{ id: string; hits: number; params: unknown }> {
    const res = await startRunRoute(
      new Request(`http://x/api/v1/models/${model1}/runs`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${dongchengBuilderKey}` }, body: JSON.stringify({ runDate: AS_OF }) }),
      ctxOf(model1),
    );
    expect(res.status).toBe(202);
    const { id } = await res.json();
    expect(await executeRun(id, { finalAttempt: true })).toBe("succeeded");
    const [r] = await getDb().select().from(runs).where(eq(runs.id, id));
    return { id, hits: r.hits ?? -1, params: r.params };
  }
  const put = (values: Record<string, unknown>) => putParamsRoute(request(model1, dongchengBuilderKey, { values }), ctxOf(model1));

  it("东城 at 200 grace days finds fewer hits than at the default 30; the run and the clue's explanation say which value", async () => {
    expect((await put({})).status).toBe(200);
    const atDefault = await run();
    expect(atDefault.params).toEqual([{ name: "graceDays", label: "交付执行宽限天数", type: "integer", value: 30, source: "default" }]);

    expect((await put({ graceDays: 200 })).status).toBe(200);
    const atWide = await run();
    expect(atWide.params).toEqual([{ name: "graceDays", label: "交付执行宽限天数", type: "integer", value: 200, source: "org" }]);
    const status = await getRunRoute(new Request(`http://x/api/v1/runs/${atWide.id}`, { headers: { authorization: `Bearer ${dongchengProsecutorKey}` } }), ctxOf(atWide.id));
    expect((await status.json()).params).toEqual(atWide.params);
    // A longer grace period only drops hits (judgments effective 30–200 days before the run date).
    expect(atWide.hits).toBeGreaterThan(0);
    expect(atWide.hits).toBeLessThan(atDefault.hits);

    const [clue] = await getDb()
      .select({ id: clues.id })
      .from(clues)
      .where(and(eq(clues.modelId, model1), eq(clues.orgId, await orgIdByName(ORGS.dongcheng)), isNull(clues.missingSince)))
      .limit(1);
    const detail = await getClue(await actorFor("prosecutor"), clue.id);
    const lines = detail.explanation.lines.map((l) => l.text);
    expect(lines).toContain("交付执行宽限天数 = 200（本院设置）");
    expect(lines.some((l) => l.includes("运行日前 200 日（交付执行宽限天数）"))).toBe(true);
  });
});

describe("previews use the org's values, or values to try", () => {
  it("the model page's preview counts what a run of the org finds; the rule preview takes params, checked at params.<name>", async () => {
    const prosecutor = await actorFor("prosecutor"); // 东城, whose value is 200 from the run test above
    const [version] = await getDb().select({ definition: modelVersions.definition }).from(modelVersions).where(eq(modelVersions.modelId, model1));
    const at = async (params?: Record<string, unknown>) => (await previewRule(prosecutor, { definition: version.definition, runDate: AS_OF, limit: 1, funnel: false, ...(params ? { params } : {}) })).count;
    const atDefault = await at();
    const atWide = await at({ graceDays: 200 });
    expect(atWide).toBeLessThan(atDefault);
    expect((await previewModel(prosecutor, model1, { runDate: AS_OF })).count).toBe(atWide);
    await expect(at({ graceDays: 0 })).rejects.toMatchObject({ issues: [{ path: "params.graceDays", message: "交付执行宽限天数不能小于 1（下限），实际为 0" }] });
  });
});

// Keeps the org list honest: the test relies on 东城 and 西城 being siblings.
it("东城 and 西城 are siblings under 临江", async () => {
  const rows = await getDb().select({ name: orgs.name, path: orgs.path }).from(orgs);
  const path = (n: string) => rows.find((r) => r.name === n)!.path;
  expect(path(ORGS.dongcheng).startsWith(path(ORGS.linjiang))).toBe(true);
  expect(path(ORGS.xicheng).startsWith(path(ORGS.dongcheng))).toBe(false);
});
