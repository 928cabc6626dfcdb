// The rules API for machine clients: check answers every problem with its path; preview runs a
// rule for the key's org only, needs live grants, and stores nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkRoute } from "@/app/api/v1/rules/check/route";
import { POST as previewRoute } from "@/app/api/v1/rules/preview/route";
import { getDb, getSql } from "@/db/client";
import { dataApplications, datasets, orgs } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { generate } from "@/lib/synthetic/generate";
import type { Manifest } from "@/lib/synthetic/manifest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, userIdByUsername } from "../helpers/demo";

let database: TestDatabase;
let key: string;
let otherKey: string;
let manifest: Manifest;
let dir: string;
const model7 = BUILTIN_MODELS.find((m) => m.number === 7)!;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  const dataAdmin = await actorFor("data_admin");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-rules-"));
  manifest = await generate({ outDir: dir, scale: 1, seed: 5 });
  for (const name of ["criminal_judgment", "driving_license"]) {
    const imp = await startImport(dataAdmin, { datasetKey: name, fileName: `${name}.csv`, body: fs.createReadStream(path.join(dir, `${name}.csv`)), options: {} });
    expect((await runImport(imp.id, { finalAttempt: true, quality: false })).status).toBe("succeeded");
  }
  const admin = await actorFor("admin");
  key = (await createApiKey(admin, { orgId: dataAdmin.orgId, name: "东城", scopes: ["data_admin", "prosecutor"] })).key;
  otherKey = (await createApiKey(admin, { orgId: await orgIdByName(ORGS.nanhu), name: "南湖", scopes: ["data_admin", "prosecutor"] })).key;
}, 120_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

const post = (route: typeof checkRoute, k: string, body: unknown): Promise<Response> =>
  route(new Request("http://x/api/v1/rules", { method: "POST", headers: { authorization: `Bearer ${k}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

async function grant(orgName: string, keys: string[]): Promise<void> {
  const orgId = await orgIdByName(orgName);
  const applicantId = await userIdByUsername("data_admin");
  for (const k of keys) {
    const [d] = await getDb().select().from(datasets).where(eq(datasets.key, k));
    await getDb().insert(dataApplications).values({ datasetId: d.id, orgId, applicantId, purpose: "测试授权用途说明", validFrom: "2026-01-01", validTo: "2026-12-31", status: "approved" });
  }
}

describe("/api/v1/rules", () => {
  it("check: refuses datasets without a live grant, then passes once granted", async () => {
    const before = await (await post(checkRoute, key, { definition: model7.rule })).json();
    expect(before.errors.map((e: { path: string }) => e.path)).toEqual(["from.dataset", "where.all[2].exists.from.dataset"]);
    await grant(ORGS.dongcheng, ["criminal_judgment", "driving_license"]);
    expect(await (await post(checkRoute, key, { definition: model7.rule })).json()).toEqual({ errors: [] });
  });

  it("check: answers schema and catalog problems with their paths", async () => {
    const res = await post(checkRoute, key, { definition: { from: { dataset: "criminal_judgment", as: "j" }, where: { field: "j.nope", op: "isNull" }, clue: {} } });
    const { errors } = await res.json();
    expect(errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["clue.dedupKey", "clue.title", "clue.subject", "clue.evidence"]));
  });

  it("preview: finds the planted hits for the key's org, stores nothing, and refuses a bad rule with 422", async () => {
    const tablesBefore = await getSql().unsafe("select count(*)::int as n from pg_tables where schemaname = 'public'");
    const res = await post(previewRoute, key, { definition: model7.rule, runDate: manifest.asOf, limit: 500 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.count).toBe(manifest.models["7"].hits.length);
    expect(body.clues[0].title).toContain("醉驾判刑后驾驶证未吊销");
    expect(body.clues[0].evidence.j.case_no).toBe(body.clues[0].dedupKey[0]);
    expect(await getSql().unsafe("select count(*)::int as n from pg_tables where schemaname = 'public'")).toEqual(tablesBefore);
    const bad = await post(previewRoute, key, { definition: { ...model7.rule, where: { field: "j.effective_date", op: "eq", value: "昨天" } } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues).toEqual([{ path: "where.value", message: "字段 effective_date 是日期，不能与文本比较" }]);
  });

  it("preview: another org sees its own (empty, ungranted) data, never this org's", async () => {
    const refused = await post(previewRoute, otherKey, { definition: model7.rule, runDate: manifest.asOf });
    expect(refused.status).toBe(422);
    await grant(ORGS.nanhu, ["criminal_judgment", "driving_license"]);
    const other = await (await post(previewRoute, otherKey, { definition: model7.rule, runDate: manifest.asOf })).json();
    expect(other).toMatchObject({ count: 0, clues: [], nextCursor: null });
    expect(other.funnel.map((s: { rows: number }) => s.rows)).toEqual([0, 0, 0, 0]);
  });
});
