// Evidence of what a rule's exists matched and what its notExists searched for, through real runs
// on the demo data: one clue per hit however many rows an exists matches, the matched rows as
// evidence under the alias's label, and every ID number and phone in them masked — in the clue's
// evidence, its explanation, the clue API and a preview — until an audited reveal.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getClueRoute } from "@/app/api/v1/clues/[id]/route";
import { POST as previewRoute } from "@/app/api/v1/rules/preview/route";
import { getDb, getSql } from "@/db/client";
import { clues, dataApplications, models, modelVersions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getClue } from "@/lib/clues/queries";
import { revealClueField } from "@/lib/clues/reveal";
import { definitionHash } from "@/lib/models/registry";
import { ZRule, type Rule } from "@/lib/rules/schema";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { findClearPersonalData } from "../helpers/personal-data";

const AS_OF = "2026-11-01";
const DEMO_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // 东城区 (seeded by setupDemoDatabase)
const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;
let database: TestDatabase;
let prosecutor: Actor;

/** Drunk drivers whose licence is still 正常, showing the licence rows with the holder's ID number. */
const LICENCE_RULE: Rule = ZRule.parse({
  from: { dataset: "criminal_judgment", as: "j", label: "醉驾判决" },
  where: { all: [
    { field: "j.charge", op: "eq", value: "危险驾驶罪" },
    { exists: { from: { dataset: "driving_license", as: "d", label: "在用驾驶证" }, where: { all: [
      { field: "d.id_number", op: "eq", ref: "j.id_number" },
      { field: "d.status", op: "eq", value: "正常" },
    ] }, evidence: ["license_no", "id_number", "status"] } },
  ] },
  clue: { dedupKey: ["j.case_no", "j.id_number"], title: "{j.defendant_name}（{j.case_no}）", subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" }, evidence: { j: ["case_no"] } },
});

/** Companies served by public notice while registered with a phone, the registry row shown with it. */
const PHONE_RULE: Rule = ZRule.parse({
  from: { dataset: "civil_case", as: "c", label: "涉企民事案件" },
  where: { all: [
    { field: "c.service_method", op: "eq", value: "公告送达" },
    { exists: { from: { dataset: "company_registry", as: "r", label: "被告企业登记" }, where: { all: [
      { field: "r.credit_code", op: "eq", ref: "c.defendant_id" },
      { field: "r.phone", op: "isNotNull" },
    ] }, evidence: ["company_name", "phone"] } },
  ] },
  clue: { dedupKey: ["c.case_no"], title: "{c.case_no}", subject: { kind: "company", name: "c.defendant_name", idNumber: "c.defendant_id" }, evidence: { c: ["case_no"] } },
});

async function install(key: string, rule: Rule): Promise<string> {
  const [model] = await getDb().insert(models).values({ key, name: `证据测试 ${key}`, businessLine: "criminal", ownerOrgId: prosecutor.orgId }).returning();
  await getDb().insert(modelVersions).values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status: "published", publishedAt: new Date() });
  return model.id;
}

/** Runs the model as of AS_OF; its clues' ids. */
async function runModel(modelId: string): Promise<{ id: number }[]> {
  const run = await startRun(prosecutor, modelId, { runDate: AS_OF });
  expect(await executeRun(run.id, { finalAttempt: true })).toBe("succeeded");
  return getDb().select({ id: clues.id }).from(clues).where(eq(clues.modelId, modelId));
}

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
function call(path: string, body?: unknown): Request {
  const init: RequestInit = { method: body === undefined ? "GET" : "POST", headers: { authorization: `Bearer ${DEMO_KEY}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return new Request(`http://x${path}`, init);
}

interface ClueBody {
  evidence: { alias: string; heading: string; fields: { name: string; value: string; pii?: string }[] }[];
  explanation: { lines: { text: string; value?: string; finding?: string }[] };
}

async function clueApi(id: string | number): Promise<{ text: string; body: ClueBody }> {
  const res = await getClueRoute(call(`/api/v1/clues/${id}`), params({ id: String(id) }));
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, body: JSON.parse(text) as ClueBody };
}

let licenceModel: string;
let phoneModel: string;

beforeAll(async () => {
  usePrivateRedis(7);
  database = await setupDemoDatabase({ withData: true, clues: false });
  // The demo grants start yesterday; the runs here use AS_OF, inside the grants.
  await getDb().update(dataApplications).set({ validFrom: "2026-01-01" });
  prosecutor = await actorFor("prosecutor");
  expect(prosecutor.orgId).toBe(await orgIdByName(ORGS.dongcheng));
  licenceModel = await install("evidence_licence", LICENCE_RULE);
  phoneModel = await install("evidence_phone", PHONE_RULE);
}, 240_000);
afterAll(async () => {
  await database.drop();
});

describe("exists evidence through a real run", () => {
  it("one clue per judgment however many licence rows match, the rows under the label, ID numbers masked in detail and API", async () => {
    // A second 正常 licence for one drunk driver: a join would make two clues of that judgment.
    const sql = getSql();
    const [driver] = await sql<{ id_number: string }[]>`
      select j.id_number from ds.criminal_judgment j join ds.driving_license d on d.org_id = j.org_id and d.id_number = j.id_number and d.status = '正常'
      where j.org_id = ${prosecutor.orgId} and j.charge = '危险驾驶罪' limit 1`;
    expect(driver).toBeDefined();
    await sql`insert into ds.driving_license (org_id, import_id, row_no, license_no, id_number, name, license_class, status, issue_date)
      select org_id, import_id, 0, 'ZZ-SECOND', id_number, name, 'C1', '正常', issue_date from ds.driving_license where org_id = ${prosecutor.orgId} and id_number = ${driver.id_number} limit 1`;
    const [{ n: judgments }] = await sql<{ n: number }[]>`
      select count(*)::int as n from ds.criminal_judgment j where j.org_id = ${prosecutor.orgId} and j.charge = '危险驾驶罪'
      and exists (select 1 from ds.driving_license d where d.org_id = j.org_id and d.id_number = j.id_number and d.status = '正常')`;

    const found = await runModel(licenceModel);
    expect(found.length).toBe(judgments);
    const [twice] = await getDb().select({ id: clues.id }).from(clues).where(eq(clues.subjectId, driver.id_number));
    const detail = await getClue(prosecutor, twice.id);
    const rows = detail.evidence.filter((s) => s.datasetKey === "driving_license");
    expect(rows.map((s) => s.heading)).toEqual(["在用驾驶证（第 1 条）", "在用驾驶证（第 2 条）"]);
    expect(rows.map((s) => s.fields.find((f) => f.name === "license_no")?.value)).toContain("ZZ-SECOND");
    for (const s of rows) expect(s.fields.find((f) => f.name === "id_number")).toMatchObject({ value: expect.stringMatching(MASKED_ID), pii: "id_number" });
    const line = detail.explanation.lines.find((l) => l.finding);
    expect(line).toMatchObject({ finding: "found", value: "2 条，见证据" });
    expect(line?.text).toMatch(/^在用驾驶证：找到 身份证号 等于 “\d{4}\*{10}[\dX]{4}” 且 驾驶证状态 等于 “正常” 的记录$/);

    const { text, body } = await clueApi(twice.id);
    expect(findClearPersonalData(text)).toEqual([]);
    expect(body.evidence.find((s) => s.alias === "d[1]")?.fields.find((f) => f.name === "id_number")?.value).toMatch(MASKED_ID);
    // Shown in clear only by the audited reveal of that row's field.
    expect(await revealClueField(prosecutor, twice.id, { field: "d[1].id_number" })).toBe(driver.id_number);
  });

  it("masks a phone an exists shows, in the clue API and in a preview", async () => {
    const found = await runModel(phoneModel);
    expect(found.length).toBeGreaterThan(0);
    let phones = 0;
    for (const { id } of found.slice(0, 20)) {
      const { text, body } = await clueApi(id);
      expect(findClearPersonalData(text)).toEqual([]);
      const phone = body.evidence.find((s) => s.alias === "r[0]")?.fields.find((f) => f.name === "phone");
      if (phone && phone.value !== "（空）") {
        expect(phone.value).toMatch(MASKED_PHONE);
        phones++;
      }
    }
    expect(phones).toBeGreaterThan(0);
    const res = await previewRoute(call("/api/v1/rules/preview", { definition: PHONE_RULE, runDate: AS_OF, limit: 50 }), params({}));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(findClearPersonalData(text)).toEqual([]);
    const hits = (JSON.parse(text) as { clues: { evidence: { r: { phone: string | null }[] } }[] }).clues;
    expect(hits.flatMap((h) => h.evidence.r.map((r) => r.phone)).filter((p) => p !== null).every((p) => MASKED_PHONE.test(String(p)))).toBe(true);
  });
});

describe("notExists: the negative finding of a real clue", () => {
  it("model 1's clue says what was searched in 监狱收押 with its ID number masked and its effective date", async () => {
    const model1 = BUILTIN_MODELS.find((m) => m.number === 1)!;
    const [{ id: modelId }] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, model1.key));
    const found = await runModel(modelId);
    expect(found.length).toBeGreaterThan(0);
    const { text, body } = await clueApi(found[0].id);
    expect(findClearPersonalData(text)).toEqual([]);
    const absent = body.explanation.lines.filter((l) => l.finding === "absent");
    expect(absent).toHaveLength(1);
    expect(absent[0].text).toMatch(/^监狱收押：未找到 身份证号 等于 “\d{4}\*{10}[\dX]{4}” 且 收押日期 不早于 \d{4}-\d{2}-\d{2} 的记录$/);
  });
});
