// Input that passed validation and then failed in PostgreSQL with a 500 (issue #12 item 13): each
// one is now refused with a 4xx naming the field or the rule path, through the API the client
// calls, and through the lib/ function behind each page (the pages themselves: tests/e2e/bad-input.spec.ts).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listCluesRoute } from "@/app/api/v1/clues/route";
import { POST as startRunRoute } from "@/app/api/v1/models/[id]/runs/route";
import { POST as checkRoute } from "@/app/api/v1/rules/check/route";
import { POST as previewRoute } from "@/app/api/v1/rules/preview/route";
import { getDb } from "@/db/client";
import { dataApplications, datasets, models, orgs } from "@/db/schema";
import { listAuditEntries } from "@/lib/audit/queries";
import type { Actor } from "@/lib/auth/actor";
import { listClues } from "@/lib/clues/queries";
import { addDays, chinaToday } from "@/lib/calendar/china-date";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { previewRows } from "@/lib/datasets/rows";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { installBuiltinModels } from "@/lib/models/registry";
import { postgresRegexProblems } from "@/lib/rules/regex";
import { checkDefinition, ruleContextFor } from "@/lib/rules/service";
import { getDashboard } from "@/lib/stats/dashboard";
import { listUsers } from "@/lib/users/queries";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase, userIdByUsername } from "../helpers/demo";

const DEMO_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // 东城区 (seeded by setupDemoDatabase)
let database: TestDatabase;
let modelId: string;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS);
  // 东城区 holds live grants, so a rule's only problem is the one each case plants.
  const dongcheng = await orgIdByName(ORGS.dongcheng);
  const applicantId = await userIdByUsername("prosecutor");
  const catalog = await getDb().select({ id: datasets.id }).from(datasets);
  const today = chinaToday();
  await getDb()
    .insert(dataApplications)
    .values(catalog.map((d) => ({ datasetId: d.id, orgId: dongcheng, applicantId, purpose: "测试", validFrom: addDays(today, -1), validTo: addDays(today, 300), status: "approved" as const, decidedAt: new Date() })));
  [{ id: modelId }] = await getDb().select({ id: models.id }).from(models).limit(1);
}, 120_000);
afterAll(async () => {
  await database.drop();
});

function request(path: string, body?: unknown): Request {
  const headers = { "content-type": "application/json", authorization: `Bearer ${DEMO_KEY}` };
  return new Request(`http://x${path}`, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

interface ApiError {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** A 4xx whose issues name `path`, with a Chinese message and no database text. */
async function expectRefused(res: Response, path: string, status = 422): Promise<ApiError> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).not.toMatch(/syntax error|invalid input|out of range|violates|PostgresError|relation|at character|regular expression/i);
  const body = JSON.parse(text) as ApiError;
  expect(body.error.issues?.map((i) => i.path), text).toContain(path);
  expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  return body;
}

// ---- Rules: literals, regexes, size and depth ----------------------------------------------------

const clue = { dedupKey: ["j.case_no", "j.id_number"], title: "{j.defendant_name}（{j.case_no}）", subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" }, evidence: { j: ["case_no"] } };
const ruleWhere = (where: unknown) => ({ from: { dataset: "criminal_judgment", as: "j" }, where, clue });
const one = (condition: unknown) => ruleWhere({ all: [{ field: "j.court", op: "isNotNull" }, condition] });

function nested(depth: number): unknown {
  let c: unknown = { field: "j.case_no", op: "isNull" };
  for (let i = 0; i < depth; i++) c = { not: c };
  return c;
}

// A rule of more than 65,535 values is over the API's 1 MB body limit (413, tests/integration/preview-privacy.test.ts);
// the checker's own bound is for what reaches it otherwise (the CLI, stored versions): tested below.
const tooManyValues = ruleWhere({ any: Array.from({ length: 65_600 }, (_, i) => ({ field: "j.prison_term_months", op: "eq", value: i })) });

const RULE_CASES: { name: string; rule: unknown; path: string; message: RegExp }[] = [
  { name: "date literal 2020-02-30", rule: one({ field: "j.effective_date", op: "eq", value: "2020-02-30" }), path: "where.all[1].value", message: /日期 2020-02-30 无效/ },
  { name: "date literal 0000-01-01", rule: one({ field: "j.judgment_date", op: "gte", value: "0000-01-01" }), path: "where.all[1].value", message: /日期 0000-01-01 无效/ },
  { name: "date 2020-02-30 in an in-list", rule: one({ field: "j.birth_date", op: "in", values: ["2020-02-28", "2020-02-30"] }), path: "where.all[1].values[1]", message: /日期 2020-02-30 无效/ },
  { name: "date 0000-01-01 as a between bound", rule: one({ field: "j.birth_date", op: "between", from: "0000-01-01", to: "2000-01-01" }), path: "where.all[1].from", message: /无效/ },
  { name: "1.5 for an integer field", rule: one({ field: "j.prison_term_months", op: "gt", value: 1.5 }), path: "where.all[1].value", message: /整数.*小数 1.5/ },
  { name: "1e20 for an integer field", rule: one({ field: "j.prison_term_months", op: "lt", value: 1e20 }), path: "where.all[1].value", message: /超出/ },
  { name: "1e20 in an integer in-list", rule: one({ field: "j.prison_term_months", op: "notIn", values: [1, 1e20] }), path: "where.all[1].values[1]", message: /超出/ },
  { name: "NUL in a string literal", rule: one({ field: "j.case_no", op: "eq", value: "刑\u0000初" }), path: "where.all[1].value", message: /空字符/ },
  { name: "NUL in a contains value", rule: one({ field: "j.case_no", op: "contains", value: "\u0000" }), path: "where.all[1].value", message: /空字符/ },
  { name: "NUL in the clue title", rule: { ...ruleWhere(undefined), clue: { ...clue, title: "a\u0000b" } }, path: "clue.title", message: /空字符/ },
  { name: "regex (?<n>a)", rule: one({ field: "j.case_no", op: "matches", value: "(?<n>a)" }), path: "where.all[1].value", message: /PostgreSQL.*命名分组/ },
  { name: "regex a{1,1000}", rule: one({ field: "j.case_no", op: "matches", value: "a{1,1000}" }), path: "where.all[1].value", message: /PostgreSQL.*255/ },
  { name: "regex \\p{L}", rule: one({ field: "j.case_no", op: "matches", value: "\\p{L}+" }), path: "where.all[1].value", message: /PostgreSQL.*转义/ },
  { name: "daysBetween beyond 2^31", rule: one({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: 2 ** 31 }), path: "where.all[1].value", message: /相隔天数/ },
  { name: "daysBetween below -2^31", rule: one({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: -(2 ** 31) - 1 }), path: "where.all[1].value", message: /相隔天数/ },
  { name: "an in-list of 70,000 values", rule: one({ field: "j.prison_term_months", op: "in", values: Array.from({ length: 70_000 }, (_, i) => i) }), path: "where.all[1].values", message: /最多 1000 个/ },
  { name: "nested 2,000 deep", rule: ruleWhere(nested(2000)), path: "(根)", message: /嵌套过深/ },
];

describe("rules: POST /api/v1/rules/preview answers 422 naming the rule path", () => {
  for (const c of RULE_CASES) {
    it(c.name, async () => {
      const body = await expectRefused(await previewRoute(request("/api/v1/rules/preview", { definition: c.rule }), params({})), c.path);
      expect(body.error.issues!.find((i) => i.path === c.path)!.message).toMatch(c.message);
    });
  }
});

describe("rules: POST /api/v1/rules/check lists the problem at its path", () => {
  for (const c of RULE_CASES) {
    it(c.name, async () => {
      const res = await checkRoute(request("/api/v1/rules/check", { definition: c.rule }), params({}));
      expect(res.status).toBe(200);
      const { errors } = (await res.json()) as { errors: { path: string; message: string }[] };
      expect(errors.find((e) => e.path === c.path)?.message, JSON.stringify(errors)).toMatch(c.message);
    });
  }
});

describe("a rule of more than 65,535 values", () => {
  it("is refused by the checker, counted as compiled", async () => {
    const { issues } = await checkDefinition(tooManyValues, await ruleContextFor(await orgIdByName(ORGS.dongcheng)));
    expect(issues).toEqual([{ path: "(根)", message: "规则过大：含 65602 个取值，最多 65532 个；请把同一字段的多个取值合并为 in 列表，或拆分为多个模型" }]);
  });

  it("never reaches PostgreSQL through the API (413 in Chinese)", async () => {
    for (const route of [previewRoute, checkRoute]) {
      const res = await route(request("/api/v1/rules/preview", { definition: tooManyValues }), params({}));
      expect(res.status).toBe(413);
      expect(((await res.json()) as ApiError).error.message).toMatch(/请求体过大/);
    }
  });
});

describe("regular expressions are judged in PostgreSQL's dialect", () => {
  it("accepts what PostgreSQL accepts, even where JavaScript differs", async () => {
    // \y (word boundary) and [[:alpha:]] are PostgreSQL's; a{1,255} is at its bound.
    const problems = await postgresRegexProblems(["刑初\\d+号", "\\y张", "[[:alpha:]]+", "a{1,255}", "(?<n>a)", "a\u0000"]);
    expect(Object.fromEntries(problems)).toEqual({
      "(?<n>a)": "正则表达式不符合 PostgreSQL 语法：量词（*、+、?、{m,n}）前没有可重复的内容；注意 PostgreSQL 不支持命名分组 (?<名称>…)",
      "a\u0000": "正则表达式不能包含空字符（\\0）",
    });
  });

  it("a rule with valid regexes checks in one round trip and still runs", async () => {
    const ctx = await ruleContextFor(await orgIdByName(ORGS.dongcheng));
    const { issues } = await checkDefinition(one({ field: "j.case_no", op: "matches", value: "刑初\\d+号" }), ctx);
    expect(issues).toEqual([]);
  });
});

// ---- Run dates, clue filters and cursors (API) -----------------------------------------------------

const b64 = (s: string): string => Buffer.from(s).toString("base64url");

describe("run dates: 422 naming runDate", () => {
  it("runDate 0000-01-01 on preview", async () => {
    await expectRefused(await previewRoute(request("/api/v1/rules/preview", { definition: one({ field: "j.case_no", op: "isNull" }), runDate: "0000-01-01" }), params({})), "runDate");
  });
  for (const runDate of ["0000-01-01", "2026-02-30", "2026-13-45"]) {
    it(`runDate ${runDate} on POST /models/{id}/runs`, async () => {
      await expectRefused(await startRunRoute(request(`/api/v1/models/${modelId}/runs`, { runDate }), params({ id: modelId })), "runDate");
    });
  }
});

const CLUE_QUERIES: { name: string; query: Record<string, string>; path: string }[] = [
  { name: 'cursor base64("1|1")', query: { cursor: b64("1|1") }, path: "cursor" },
  { name: "cursor with an impossible date", query: { cursor: b64("2026-02-30 10:00:00.123456+08|5") }, path: "cursor" },
  { name: "cursor with year 0000", query: { cursor: b64("0000-01-01 00:00:00+00|5") }, path: "cursor" },
  { name: "cursor with an id beyond bigint", query: { cursor: b64("2026-01-01 00:00:00+08|99999999999999999999") }, path: "cursor" },
  { name: "q containing NUL", query: { q: "张\u0000三" }, path: "q" },
  { name: "from=2026-13-45", query: { from: "2026-13-45" }, path: "from" },
  { name: "to=0000-01-01", query: { to: "0000-01-01" }, path: "to" },
  { name: "changedFrom=2026-02-30", query: { changedFrom: "2026-02-30" }, path: "changedFrom" },
];

describe("GET /api/v1/clues: 422 naming the parameter", () => {
  for (const c of CLUE_QUERIES) {
    it(c.name, async () => {
      await expectRefused(await listCluesRoute(request(`/api/v1/clues?${new URLSearchParams(c.query)}`), params({})), c.path);
    });
  }
});

// ---- What the pages call (the pages render these as a message, or 404) -----------------------------

async function refusal(work: Promise<unknown>): Promise<ValidationError | NotFoundError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error instanceof ValidationError || error instanceof NotFoundError, String(error)).toBe(true);
  return error as ValidationError | NotFoundError;
}
const paths = (e: ValidationError | NotFoundError): string[] => (e instanceof ValidationError ? e.issues.map((i) => i.path) : []);

describe("pages' inputs", () => {
  let admin: Actor;
  let prosecutor: Actor;
  let cityLeader: Actor;
  let dataAdmin: Actor;
  beforeAll(async () => {
    dataAdmin = await actorFor("data_admin");
    admin = await actorFor("admin");
    prosecutor = await actorFor("prosecutor");
    cityLeader = await actorFor("city_leader");
  });

  it("/clues: q with NUL, a bad cursor and an impossible date name their field", async () => {
    for (const c of CLUE_QUERIES) expect(paths(await refusal(listClues(prosecutor, c.query))), c.name).toContain(c.path);
  });

  it("/admin/users: q with NUL", async () => {
    expect(paths(await refusal(listUsers(admin, { q: "王\u0000" })))).toContain("q");
  });

  it("/admin/audit: cursor=99999999999999999999 and from=2026-13-45", async () => {
    expect(paths(await refusal(listAuditEntries(admin, { cursor: "99999999999999999999" })))).toContain("cursor");
    expect(paths(await refusal(listAuditEntries(admin, { from: "2026-13-45" })))).toContain("from");
    expect(paths(await refusal(listAuditEntries(admin, { to: "0000-01-01" })))).toContain("to");
  });

  it("a dataset's rows tab: rowId=1e20 and cursor=1e20", async () => {
    expect(paths(await refusal(previewRows(dataAdmin, "criminal_judgment", { rowId: "1e20" })))).toContain("rowId");
    expect(paths(await refusal(previewRows(dataAdmin, "criminal_judgment", { cursor: "1e20" })))).toContain("cursor");
  });

  it("a dataset key PostgreSQL cannot hold is not found", async () => {
    expect(await refusal(previewRows(dataAdmin, "criminal\u0000judgment"))).toBeInstanceOf(NotFoundError);
  });

  it("/stats?org=<an org outside the user's scope> is not found; month 0000-01 names month", async () => {
    expect(await refusal(getDashboard(cityLeader, { org: await orgIdByName(ORGS.qingshan) }))).toBeInstanceOf(NotFoundError);
    expect(paths(await refusal(getDashboard(cityLeader, { month: "0000-01" })))).toContain("month");
  });
});
