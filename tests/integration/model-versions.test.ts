// Drafts and versions through the API (issue #14): a model with its first draft, drafts saved and
// checked at their path, a published version frozen while the next draft is made from it, 复制为新模型,
// and every route answering 404 to another org (403 to a role or a visible model it may not edit).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/models/route";
import { POST as copyRoute } from "@/app/api/v1/models/[id]/copy/route";
import { GET as listVersionsRoute, POST as createVersionRoute } from "@/app/api/v1/models/[id]/versions/route";
import { GET as getVersionRoute, PUT as putVersionRoute } from "@/app/api/v1/models/[id]/versions/[v]/route";
import { GET as pointsRoute } from "@/app/api/v1/supervision-points/route";
import { getDb } from "@/db/client";
import { models, modelVersions, orgs } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { definitionHash, installBuiltinModels } from "@/lib/models/registry";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
const keys: Record<"linjiang" | "nanhu" | "linjiangReader", string> = { linjiang: "", nanhu: "", linjiangReader: "" };
let builtinId: string;
const model7 = BUILTIN_MODELS.find((m) => m.number === 7)!;
const model1 = BUILTIN_MODELS.find((m) => m.number === 1)!;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS);
  [{ id: builtinId }] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, model7.key));
  const admin = await actorFor("admin");
  keys.linjiang = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.linjiang), name: "临江建模", scopes: ["model_builder"] })).key;
  keys.linjiangReader = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.linjiang), name: "临江只读", scopes: ["prosecutor"] })).key;
  keys.nanhu = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.nanhu), name: "南湖建模", scopes: ["model_builder"] })).key;
}, 60_000);
afterAll(async () => {
  await database.drop();
});

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
// The answers' shapes are what these tests assert; a loose type keeps the assertions readable.
type Json = { [key: string]: any };
async function call<P>(handler: Handler<P>, key: string, params: P, method = "GET", body?: unknown): Promise<{ status: number; body: Json }> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await handler(new Request("http://x/api/v1/models", init), { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

const newModel = (key: string, definition: unknown = model7.rule) => ({ key, name: "醉驾判刑后驾驶证未吊销（临江）", businessLine: "administrative", supervisionPoint: "admin_unlawful_act", definition });

/** Submission and review are the next issue: a test moves a version on as they would. */
async function setStatus(modelId: string, version: number, status: "published" | "submitted"): Promise<void> {
  await getDb()
    .update(modelVersions)
    .set({ status, publishedAt: status === "published" ? new Date() : null })
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
}

describe("POST /api/v1/models", () => {
  it("creates a model of the key's org with its first draft", async () => {
    const res = await call(createRoute, keys.linjiang, {}, "POST", newModel("linjiang_drunk"));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), version: 1 });
    const [m] = await getDb().select().from(models).where(eq(models.id, res.body.id));
    expect(m.ownerOrgId).toBe(await orgIdByName(ORGS.linjiang));
    expect(m.supervisionPoint).toBe("admin_unlawful_act");
    const list = await call(listVersionsRoute, keys.linjiang, { id: res.body.id });
    expect(list.body.items).toEqual([expect.objectContaining({ version: 1, status: "draft", contentHash: definitionHash(model7.rule), createdBy: "API 密钥：临江建模" })]);
  });

  it("refuses a rule at its path, an unknown 监督点 with the allowed ones, and a key already used (409)", async () => {
    const bad = JSON.parse(JSON.stringify(model7.rule).replace('"op":"eq"', '"op":"eqq"'));
    const res = await call(createRoute, keys.linjiang, {}, "POST", newModel("linjiang_bad", bad));
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe("definition.where.all[0].op");
    expect(res.body.error.issues[0].message).toContain("未知的比较方式");
    const point = await call(createRoute, keys.linjiang, {}, "POST", { ...newModel("linjiang_point"), supervisionPoint: "nope" });
    expect(point.status).toBe(422);
    expect(point.body.error.issues).toEqual([{ path: "supervisionPoint", message: expect.stringContaining("execution_delivery（刑罚执行·交付执行）") }]);
    expect((await call(createRoute, keys.linjiang, {}, "POST", newModel("linjiang_drunk"))).status).toBe(409);
  });

  it("needs models.build (403) and lists the 监督点 taxonomy", async () => {
    expect((await call(createRoute, keys.linjiangReader, {}, "POST", newModel("reader_model"))).status).toBe(403);
    const points = await call(pointsRoute, keys.linjiangReader, {});
    expect(points.body.items).toContainEqual({ code: "civil_public_notice", label: "民事诉讼·公告送达", labelEn: expect.any(String), active: true });
  });
});

describe("drafts and versions", () => {
  let id: string;
  beforeAll(async () => {
    id = (await call(createRoute, keys.linjiang, {}, "POST", newModel("linjiang_versions"))).body.id;
  });

  it("saves a draft (PUT) with a new content hash; a bad definition is 422 at its path", async () => {
    const changed = structuredClone(model7.rule);
    changed.clue.title = "醉驾判刑后驾驶证仍有效：{j.defendant_name}";
    const res = await call(putVersionRoute, keys.linjiang, { id, v: "1" }, "PUT", { definition: changed });
    expect(res.status).toBe(200);
    expect(res.body.contentHash).toBe(definitionHash(changed));
    expect((await call(getVersionRoute, keys.linjiang, { id, v: "1" })).body.definition.clue.title).toBe(changed.clue.title);
    const bad = await call(putVersionRoute, keys.linjiang, { id, v: "1" }, "PUT", { definition: { ...changed, from: { dataset: "nope", as: "j" } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain("definition.from.dataset");
  });

  it("a published version is frozen; the next draft is made from it, one draft at a time", async () => {
    await setStatus(id, 1, "published");
    const frozen = await call(putVersionRoute, keys.linjiang, { id, v: "1" }, "PUT", { definition: model1.rule });
    expect(frozen.status).toBe(409);
    const draft = await call(createVersionRoute, keys.linjiang, { id }, "POST", { fromVersion: 1 });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 2, status: "draft", basedOnVersion: 1 });
    expect((await call(createVersionRoute, keys.linjiang, { id }, "POST", { definition: model7.rule })).status).toBe(409);
    const [v1] = await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, id)).orderBy(modelVersions.version);
    await expect(getDb().update(modelVersions).set({ definition: model1.rule }).where(eq(modelVersions.id, v1.id))).rejects.toThrow();
    const list = await call(listVersionsRoute, keys.linjiang, { id });
    expect(list.body.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, "draft"], [1, "published"]]);
  });

  it("a submitted version is frozen too (the trigger refuses any change but a draft's)", async () => {
    await setStatus(id, 2, "submitted");
    const [v2] = await getDb().select().from(modelVersions).where(and(eq(modelVersions.modelId, id), eq(modelVersions.version, 2)));
    expect((await call(putVersionRoute, keys.linjiang, { id, v: "2" }, "PUT", { definition: model1.rule })).status).toBe(409);
    await expect(getDb().update(modelVersions).set({ definition: model1.rule }).where(eq(modelVersions.id, v2.id))).rejects.toThrow();
  });
});

describe("another org", () => {
  let id: string;
  beforeAll(async () => {
    id = (await call(createRoute, keys.linjiang, {}, "POST", newModel("linjiang_private"))).body.id;
  });

  it("answers 404 on every route for another org's draft model", async () => {
    expect((await call(listVersionsRoute, keys.nanhu, { id })).status).toBe(404);
    expect((await call(getVersionRoute, keys.nanhu, { id, v: "1" })).status).toBe(404);
    expect((await call(putVersionRoute, keys.nanhu, { id, v: "1" }, "PUT", { definition: model7.rule })).status).toBe(404);
    expect((await call(createVersionRoute, keys.nanhu, { id }, "POST", { fromVersion: 1 })).status).toBe(404);
    expect((await call(copyRoute, keys.nanhu, { id }, "POST", {})).status).toBe(404);
    const [v1] = await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, id));
    expect(v1.contentHash).toBe(definitionHash(model7.rule));
  });

  it("a province model is visible to a city builder but not editable (403); a malformed id or version is 404", async () => {
    expect((await call(createVersionRoute, keys.linjiang, { id: builtinId }, "POST", { fromVersion: 1 })).status).toBe(403);
    expect((await call(putVersionRoute, keys.linjiang, { id: builtinId, v: "1" }, "PUT", { definition: model7.rule })).status).toBe(403);
    expect((await call(getVersionRoute, keys.linjiang, { id: builtinId, v: "1" })).status).toBe(200);
    expect((await call(getVersionRoute, keys.linjiang, { id: "not-a-uuid", v: "1" })).status).toBe(404);
    expect((await call(getVersionRoute, keys.linjiang, { id: builtinId, v: "1.5" })).status).toBe(404);
  });
});

describe("复制为新模型", () => {
  it("copies a province model into the builder's org as a new draft, remembering its source", async () => {
    const res = await call(copyRoute, keys.linjiang, { id: builtinId }, "POST", {});
    expect(res.status).toBe(201);
    const [copy] = await getDb().select().from(models).where(eq(models.id, res.body.id));
    expect(copy).toMatchObject({ key: model7.key, name: model7.name, ownerOrgId: await orgIdByName(ORGS.linjiang), adoptedFromId: builtinId, builtin: false, supervisionPoint: "admin_unlawful_act" });
    const [v1] = await getDb().select().from(modelVersions).where(eq(modelVersions.modelId, copy.id));
    expect(v1).toMatchObject({ version: 1, status: "draft", contentHash: definitionHash(model7.rule) });
    const again = await call(copyRoute, keys.linjiang, { id: builtinId }, "POST", {});
    expect(again.status).toBe(201);
    const [second] = await getDb().select().from(models).where(eq(models.id, again.body.id));
    expect(second.key).toBe(`${model7.key}_2`);
    // The copy is the builder org's: the city's other districts do not see its draft.
    expect((await call(listVersionsRoute, keys.nanhu, { id: copy.id })).status).toBe(404);
  });
});

describe("bad input is a 4xx in Chinese, never a 500", () => {
  const bodies: unknown[] = [null, [], "x", 5, {}, { key: 5 }, { ...newModel("bad_1"), definition: "x" }, { ...newModel("bad_2"), businessLine: "nope" }, { ...newModel("bad_3"), extra: 1 }, { ...newModel("bad_4"), name: "\u0000" }];
  it.each(bodies.map((b) => [JSON.stringify(b)?.slice(0, 60), b]))("POST /models %s", async (_label, body) => {
    const res = await call(createRoute, keys.linjiang, {}, "POST", body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([[{}], [{ fromVersion: "1" }], [{ fromVersion: 1, definition: model7.rule }], [{ fromVersion: 99 }], [{ definition: null }]])("POST /versions %j", async (body) => {
    const [{ id }] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, "linjiang_drunk"));
    const res = await call(createVersionRoute, keys.linjiang, { id }, "POST", body);
    expect([404, 409, 422]).toContain(res.status);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
