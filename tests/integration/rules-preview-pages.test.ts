// Previews a builder can lean on: pages beyond the first 500 by a keyset cursor, the total count on
// every page, a condition funnel that matches hand-counted SQL, a refused cursor in Chinese, and a
// past run date that moves only the rule's date arithmetic.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/v1/rules/preview/route";
import { getDb, getSql } from "@/db/client";
import { dataApplications, datasets } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/commands";
import { addDays } from "@/lib/calendar/china-date";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { generate } from "@/lib/synthetic/generate";
import type { Manifest } from "@/lib/synthetic/manifest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import { orgs } from "@/db/schema";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, userIdByUsername } from "../helpers/demo";
import { findClearPersonalData } from "../helpers/personal-data";

const DATASETS = ["criminal_judgment", "driving_license", "civil_case", "company_registry"];
const model = (n: number) => BUILTIN_MODELS.find((m) => m.number === n)!;
let database: TestDatabase;
let key: string;
let orgId: string;
let manifest: Manifest;
let dir: string;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  const dataAdmin = await actorFor("data_admin");
  orgId = dataAdmin.orgId;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-preview-pages-"));
  manifest = await generate({ outDir: dir, scale: 1, seed: 7 });
  for (const name of DATASETS) {
    const imp = await startImport(dataAdmin, { datasetKey: name, fileName: `${name}.csv`, body: fs.createReadStream(path.join(dir, `${name}.csv`)), options: {} });
    expect((await runImport(imp.id, { finalAttempt: true, quality: false })).status).toBe("succeeded");
  }
  const applicantId = await userIdByUsername("data_admin");
  for (const k of DATASETS) {
    const [d] = await getDb().select().from(datasets).where(eq(datasets.key, k));
    await getDb().insert(dataApplications).values({ datasetId: d.id, orgId, applicantId, purpose: "测试授权用途说明", validFrom: "2026-01-01", validTo: "2026-12-31", status: "approved" });
  }
  key = (await createApiKey(await actorFor("admin"), { orgId, name: "东城预览", scopes: ["data_admin", "prosecutor"] })).key;
}, 180_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

interface Body {
  count: number;
  clues: { dedupKey: unknown[]; evidence: Record<string, Record<string, unknown>> }[];
  nextCursor: string | null;
  funnel: { path: string; label: string; rows: number }[] | null;
}

async function preview(body: unknown): Promise<Response> {
  const req = new Request("http://x/api/v1/rules/preview", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return previewRoute(req, { params: Promise.resolve({}) });
}

async function ok(body: unknown): Promise<Body> {
  const res = await preview(body);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(findClearPersonalData(text)).toEqual([]);
  return JSON.parse(text) as Body;
}

/** Every page of a preview, following nextCursor; checks the count is the total on each page. */
async function allPages(body: Record<string, unknown>): Promise<Body["clues"]> {
  const clues: Body["clues"] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await ok({ ...body, ...(cursor ? { cursor } : {}), funnel: false });
    expect(page.funnel).toBeNull();
    clues.push(...page.clues);
    if (page.nextCursor) expect(page.clues.length).toBe(body.limit);
    cursor = page.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return clues;
}

const count = async (text: string, params: (string | number)[]): Promise<number> => Number((await getSql().unsafe<{ n: string }[]>(text, params))[0].n);

/** Every criminal judgment of the org as a hit: more than 500 of them. */
const everyJudgment = {
  from: { dataset: "criminal_judgment", as: "j" },
  clue: { dedupKey: ["j.case_no", "j.id_number"], title: "{j.case_no}", subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" }, evidence: { j: ["case_no", "id_number"] } },
};

describe("preview pages", () => {
  it("pages beyond the first 500 with a keyset cursor: every hit exactly once, the total count on every page, nothing personal in a cursor", async () => {
    const total = await count("select count(*) as n from ds.criminal_judgment where org_id = $1", [orgId]);
    expect(total).toBeGreaterThan(500);
    const first = await ok({ definition: everyJudgment, runDate: manifest.asOf, limit: 500 });
    expect(first.count).toBe(total);
    expect(first.clues).toHaveLength(500);
    expect(first.nextCursor).toEqual(expect.any(String));
    const clues = await allPages({ definition: everyJudgment, runDate: manifest.asOf, limit: 500 });
    const caseNos = clues.map((c) => c.evidence.j.case_no);
    expect(new Set(caseNos).size).toBe(total);
    expect(caseNos).toHaveLength(total);
  });

  it("pages a built-in's planted hits in small pages: exactly the planted hits, once each", async () => {
    const m7 = model(7);
    const clues = await allPages({ definition: m7.rule, runDate: manifest.asOf, limit: 3 });
    const planted = manifest.models["7"].hits.map((h) => h.case_no).sort();
    expect(planted.length).toBeGreaterThan(3);
    expect(clues.map((c) => String(c.evidence.j.case_no)).sort()).toEqual(planted);
  });

  it("refuses a cursor it did not issue, or one issued for another rule or run date, with 422 at cursor in Chinese", async () => {
    const m7 = model(7);
    const first = await ok({ definition: m7.rule, runDate: manifest.asOf, limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const forged = Buffer.from(JSON.stringify({ v: 1, f: "0123456789abcdef", k: "x' or 1=1 --" })).toString("base64url");
    const cases: [unknown, string][] = [
      [{ definition: m7.rule, runDate: manifest.asOf, cursor: "not a cursor" }, "无法识别的游标"],
      [{ definition: m7.rule, runDate: manifest.asOf, cursor: forged }, "无法识别的游标"],
      [{ definition: m7.rule, runDate: addDays(manifest.asOf, -1), cursor: first.nextCursor }, "另一条规则、另一个运行日期或另一组参数取值"],
      [{ definition: model(3).rule, runDate: manifest.asOf, cursor: first.nextCursor }, "另一条规则、另一个运行日期或另一组参数取值"],
      [{ definition: m7.rule, runDate: manifest.asOf, cursor: 12 }, "分页游标应为"],
    ];
    for (const [body, message] of cases) {
      const res = await preview(body);
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error.issues[0].path).toBe("cursor");
      expect(JSON.stringify(error)).toContain(message);
    }
  });
});

describe("condition funnel", () => {
  it("counts the rows left after each top-level condition in order, as hand-written SQL does (model 7)", async () => {
    const body = await ok({ definition: model(7).rule, runDate: manifest.asOf, limit: 1 });
    const p = [orgId, manifest.asOf];
    const base = "select count(*) as n from ds.criminal_judgment j where j.org_id = $1 and $2::date is not null";
    const charge = `${base} and j.charge = '危险驾驶罪'`;
    const effective = `${charge} and j.effective_date < $2::date - 30`;
    const licence = `${effective} and exists (select 1 from ds.driving_license d where d.org_id = $1 and d.id_number = j.id_number and d.status = '正常')`;
    const expected = [await count(base, p), await count(charge, p), await count(effective, p), await count(licence, p)];
    expect(body.funnel?.map((s) => s.path)).toEqual(["from", "where.all[0]", "where.all[1]", "where.all[2]"]);
    expect(body.funnel?.map((s) => s.rows)).toEqual(expected);
    // Each step cuts something here, and the last step is the hits.
    expect(new Set(expected).size).toBe(4);
    expect(expected[3]).toBe(body.count);
    expect(body.funnel?.[0].label).toBe("醉驾判决（刑事判决）：本院全部记录");
    expect(body.funnel?.[1].label).toContain("危险驾驶罪");
  });

  it("counts a join as a step of its own (model 3)", async () => {
    const body = await ok({ definition: model(3).rule, runDate: manifest.asOf, limit: 1 });
    const p = [orgId];
    const from = await count("select count(*) as n from ds.civil_case c where c.org_id = $1", p);
    const joined = await count("select count(*) as n from ds.civil_case c join ds.company_registry r on r.org_id = $1 and r.credit_code = c.defendant_id where c.org_id = $1", p);
    const kind = await count("select count(*) as n from ds.civil_case c join ds.company_registry r on r.org_id = $1 and r.credit_code = c.defendant_id where c.org_id = $1 and c.defendant_kind = '企业'", p);
    expect(body.funnel?.slice(0, 3)).toEqual([
      { path: "from", label: "涉企民事案件（民事案件）：本院全部记录", rows: from },
      { path: "joins[0]", label: expect.stringContaining("关联"), rows: joined },
      { path: "where.all[0]", label: expect.stringContaining("企业"), rows: kind },
    ]);
    expect(body.funnel).toHaveLength(2 + 7);
    expect(body.funnel?.at(-1)?.rows).toBe(manifest.models["3"].hits.length);
  });

  it("ends a grouped rule with its groups: the planted hits (model 4)", async () => {
    const body = await ok({ definition: model(4).rule, runDate: manifest.asOf, limit: 1 });
    expect(body.count).toBe(manifest.models["4"].hits.length);
    expect(body.funnel?.map((s) => s.path)).toEqual(["from", "where.all[0]", "where.all[1]", "groupBy"]);
    expect(body.funnel?.at(-1)?.rows).toBe(body.count);
    expect(body.funnel?.at(-1)?.label).toContain("分组");
  });
});

describe("a past run date", () => {
  it("previews what a run on that date would find (grants still as of today)", async () => {
    const past = addDays(manifest.asOf, -400);
    const expected = await count(
      `select count(*) as n from ds.criminal_judgment j where j.org_id = $1 and j.charge = '危险驾驶罪' and j.effective_date < $2::date - 30
       and exists (select 1 from ds.driving_license d where d.org_id = $1 and d.id_number = j.id_number and d.status = '正常')`,
      [orgId, past],
    );
    const body = await ok({ definition: model(7).rule, runDate: past, limit: 500 });
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(manifest.models["7"].hits.length);
    expect(body.count).toBe(expected);
    expect(body.funnel?.at(-1)?.rows).toBe(expected);
  });
});

describe("a dedup key the data repeats", () => {
  it("is one hit, as a run keeps one clue: the count stays the planted hits and the funnel ends with the clues", async () => {
    const m7 = model(7);
    const hit = manifest.models["7"].hits[0];
    // The same judgment imported twice, once with another court (imports report duplicates, they do not refuse them).
    const cols = (await getSql().unsafe<{ c: string }[]>("select column_name as c from information_schema.columns where table_schema = 'ds' and table_name = 'criminal_judgment' and column_name not in ('id', 'court')")).map((r) => `"${r.c}"`);
    const copied = await getSql().unsafe(`insert into ds.criminal_judgment (${cols.join(", ")}, court) select ${cols.join(", ")}, court || '（重复导入）' from ds.criminal_judgment where org_id = $1 and case_no = $2`, [orgId, hit.case_no]);
    expect(copied.count).toBe(1);
    const first = await ok({ definition: m7.rule, runDate: manifest.asOf, limit: 500 });
    expect(first.count).toBe(manifest.models["7"].hits.length);
    expect(first.clues.filter((c) => c.evidence.j.case_no === hit.case_no)).toHaveLength(1);
    expect(first.funnel?.at(-2)?.rows).toBe(first.count + 1);
    expect(first.funnel?.at(-1)).toEqual({ path: "clue", label: "命中（生成线索）", rows: first.count });
    const paged = await allPages({ definition: m7.rule, runDate: manifest.asOf, limit: 2 });
    expect(paged.map((c) => c.evidence.j.case_no).sort()).toEqual(first.clues.map((c) => c.evidence.j.case_no).sort());
  });
});

describe("parameters in a preview", () => {
  /** Model 7 with its 30 days as a parameter. */
  const m7 = model(7).rule;
  const conditions = m7.where && "all" in m7.where ? m7.where.all : [];
  const withGrace = {
    ...m7,
    params: { graceDays: { type: "integer", default: 30, min: 1, max: 3650, label: "生效后宽限天数" } },
    where: { all: [conditions[0], { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: { param: "graceDays" } } } }, conditions[2]] },
  };
  const expected = (days: number): Promise<number> =>
    count(
      `select count(distinct j.case_no) as n from ds.criminal_judgment j where j.org_id = $1 and j.charge = '危险驾驶罪' and j.effective_date < $2::date - $3::int
       and exists (select 1 from ds.driving_license d where d.org_id = $1 and d.id_number = j.id_number and d.status = '正常')`,
      [orgId, manifest.asOf, days],
    );

  it("previews with the declared defaults, or with the values the request tries, in the page, the funnel and its labels", async () => {
    const byDefault = await ok({ definition: withGrace, runDate: manifest.asOf, limit: 500 });
    expect(byDefault.count).toBe(await expected(30));
    const tried = await ok({ definition: withGrace, runDate: manifest.asOf, limit: 500, params: { graceDays: 400 } });
    const wanted = await expected(400);
    expect(wanted).toBeLessThan(byDefault.count);
    expect(tried.count).toBe(wanted);
    expect(tried.funnel?.at(-1)?.rows).toBe(wanted);
    expect(tried.funnel?.[2].label).toContain("400");
    // A cursor belongs to the values it was made with.
    const paged = await ok({ definition: withGrace, runDate: manifest.asOf, limit: 1, params: { graceDays: 400 } });
    const other = await preview({ definition: withGrace, runDate: manifest.asOf, limit: 1, params: { graceDays: 30 }, cursor: paged.nextCursor });
    expect(other.status).toBe(422);
  });

  it("refuses a tried value out of bounds or undeclared, at params.<name> in Chinese", async () => {
    const res = await preview({ definition: withGrace, runDate: manifest.asOf, params: { graceDays: 0, nope: 1 } });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["params.graceDays", "params.nope"]);
    expect(JSON.stringify(error)).toContain("生效后宽限天数");
  });
});

describe("a funnel past the statement timeout", () => {
  it("is left out (null) while the page still answers", async () => {
    // Three always-true self-joins: no row of j is empty in case_no, so the page's filter (pushed
    // below the joins) finds nothing at once, while the funnel counts the joins' billions of rows.
    const exploding = {
      ...everyJudgment,
      joins: ["a", "b", "c"].map((as) => ({ dataset: "criminal_judgment", as, type: "inner", on: { field: `${as}.case_no`, op: "isNotNull" } })),
      where: { field: "j.case_no", op: "isNull" },
      clue: { ...everyJudgment.clue, dedupKey: ["j.case_no", "j.id_number", ...["a", "b", "c"].flatMap((as) => [`${as}.case_no`, `${as}.id_number`])] },
    };
    const before = process.env.PREVIEW_TIMEOUT_MS;
    process.env.PREVIEW_TIMEOUT_MS = "500";
    try {
      const body = await ok({ definition: exploding, runDate: manifest.asOf });
      expect(body).toEqual({ count: 0, clues: [], nextCursor: null, funnel: null });
    } finally {
      if (before === undefined) delete process.env.PREVIEW_TIMEOUT_MS;
      else process.env.PREVIEW_TIMEOUT_MS = before;
    }
  });
});
