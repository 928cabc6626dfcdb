// Property test over the machine API's inputs (issue #12 item 13): whatever a client sends to
// /rules/check, /rules/preview, /clues (query, cursor, q, dates), /clues/{id}, /models/{id}/runs,
// /imports/{id} and /datasets/{key}, the answer is never a 500 and never carries PostgreSQL's text.
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getClueRoute } from "@/app/api/v1/clues/[id]/route";
import { GET as listCluesRoute } from "@/app/api/v1/clues/route";
import { GET as getDatasetRoute } from "@/app/api/v1/datasets/[key]/route";
import { GET as getImportRoute } from "@/app/api/v1/imports/[id]/route";
import { POST as startRunRoute } from "@/app/api/v1/models/[id]/runs/route";
import { POST as checkRoute } from "@/app/api/v1/rules/check/route";
import { POST as previewRoute } from "@/app/api/v1/rules/preview/route";
import { getDb } from "@/db/client";
import { dataApplications, datasets, models, orgs } from "@/db/schema";
import { addDays, chinaToday } from "@/lib/calendar/china-date";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { installBuiltinModels } from "@/lib/models/registry";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { ORGS, orgIdByName, setupDemoDatabase, usePrivateRedis, userIdByUsername } from "../helpers/demo";

const DEMO_KEY = "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz"; // 东城区 (seeded by setupDemoDatabase)
/** What PostgreSQL (or the driver) says when input reached it unchecked. */
const DATABASE_TEXT = /syntax error|invalid input|violates|relation|column|PostgresError|at character|out of range|regular expression|invalid byte sequence|bind message|MAX_PARAMETERS/i;
let database: TestDatabase;
let modelIds: string[];

beforeAll(async () => {
  usePrivateRedis(13); // a run this test queues stays in its own Redis database
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS);
  const dongcheng = await orgIdByName(ORGS.dongcheng);
  const applicantId = await userIdByUsername("prosecutor");
  const today = chinaToday();
  const catalog = await getDb().select({ id: datasets.id }).from(datasets);
  await getDb()
    .insert(dataApplications)
    .values(catalog.map((d) => ({ datasetId: d.id, orgId: dongcheng, applicantId, purpose: "测试", validFrom: addDays(today, -1), validTo: addDays(today, 300), status: "approved" as const, decidedAt: new Date() })));
  modelIds = (await getDb().select({ id: models.id }).from(models)).map((m) => m.id);
}, 120_000);
afterAll(async () => {
  await database.drop();
});

function request(path: string, body?: string): Request {
  const headers = { "content-type": "application/json", authorization: `Bearer ${DEMO_KEY}` };
  return new Request(`http://x${path}`, { method: body === undefined ? "GET" : "POST", headers, body });
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

/** The property: a 2xx or a 4xx with a Chinese message — never a 500, never the database's words. */
async function expectSane(res: Response, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what} → ${text.slice(0, 500)}`).toBeLessThan(500);
  expect(text, what).not.toMatch(DATABASE_TEXT);
  if (res.status >= 400) expect((JSON.parse(text) as { error: { message: string } }).error.message, what).toMatch(/[\u4e00-\u9fa5]/);
}

// ---- Arbitraries -------------------------------------------------------------------------------

const isoLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const nasty = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  isoLike,
  fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map(String),
  fc.constantFrom("\u0000", "a\u0000b", "'", "';--", "\\", "%", "_", "1e20", "-1", "0", "1.5", "99999999999999999999", "9223372036854775808", "NaN", "Infinity", "0000-01-01", "2026-02-30", "2026-13-45", "2026-11-01", "\ud800", "..", "😀", " "),
);
/** Dates at the edges: years PostgreSQL has no room for (0000) or that the product refuses, impossible days. */
const dateEdge = fc
  .tuple(fc.constantFrom("0000", "0001", "1899", "1900", "1970", "2026", "2100", "2101", "9999", "10000", "275760"), fc.constantFrom("00", "01", "02", "12", "13", "1"), fc.constantFrom("00", "01", "28", "29", "30", "31", "32", "45"))
  .map(([y, m, d]) => `${y}-${m}-${d}`);
const date = fc.oneof(dateEdge, isoLike, nasty);
const b64 = (s: string): string => Buffer.from(s).toString("base64url");
const timestampLike = fc.tuple(dateEdge, fc.constantFrom(" 10:00:00+08", " 25:61:00+08", " 00:00:00.123456+00", "", "T10:00:00Z", " 10:00:00+99")).map(([d, t]) => d + t);
const idLike = fc.oneof(fc.bigInt({ min: -1n, max: 10n ** 21n }).map(String), fc.constantFrom("1", "0", "9007199254740993", "1e3"), nasty);
const cursor = fc.oneof(nasty, fc.tuple(fc.oneof(timestampLike, nasty, fc.constantFrom("1", "2026")), idLike).map(([a, b]) => b64(`${a}|${b}`)));

/** Mostly sensible values with one bad one now and then: a query fails on its first bad parameter, so most must pass. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<string>) => fc.oneof({ weight: 5, arbitrary: good.map(String) }, { weight: 1, arbitrary: bad });
const clueQuery = fc.record(
  {
    status: mostly(fc.constantFrom("new", "open", "closed"), nasty),
    model: mostly(fc.uuid(), nasty),
    assignee: mostly(fc.constantFrom("me", "none"), nasty),
    org: mostly(fc.uuid(), nasty),
    from: fc.oneof(dateEdge, date),
    to: fc.oneof(dateEdge, date),
    changedFrom: fc.oneof(dateEdge, date),
    q: fc.oneof(fc.string({ maxLength: 8 }), nasty),
    sort: mostly(fc.constantFrom("newest", "oldest"), nasty),
    cursor,
    limit: mostly(fc.integer({ min: 1, max: 200 }), nasty),
  },
  { requiredKeys: [] },
).chain((q) => fc.shuffledSubarray(Object.keys(q), { maxLength: 3 }).map((keys) => Object.fromEntries(keys.map((k) => [k, (q as Record<string, string>)[k]]))));

// Rules: the shapes of the language with values from everywhere.
const JUDGMENT_FIELDS = ["j.case_no", "j.defendant_name", "j.birth_date", "j.prison_term_months", "j.detained_before_trial", "j.judgment_date", "j.effective_date", "j.no_such", "x.case_no"];
const field = fc.constantFrom(...JUDGMENT_FIELDS);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e20, -1e20, 2 ** 31, 2 ** 53 + 2, 1.5, -0, 5e-324, 1e308));
const value = fc.oneof(date, nasty, number, fc.boolean(), fc.constant(null), fc.record({ runDate: fc.record({ plusDays: number, minusDays: number }, { requiredKeys: [] }) }), fc.jsonValue({ maxDepth: 2 }));
const regexChars = fc.constantFrom(..."()[]{}?*+|\\^$.:<>=!,0123456789aPpLkdwsyY-_ ".split(""));
const regex = fc.string({ unit: regexChars, minLength: 1, maxLength: 14 });
const OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn", "isNull", "isNotNull", "contains", "startsWith", "matches", "between", "like"];

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ field, op: fc.constantFrom(...OPS), value }),
  fc.record({ field, op: fc.constantFrom("in", "notIn"), values: fc.array(value, { maxLength: 4 }) }),
  fc.record({ field, op: fc.constant("matches"), value: regex }),
  fc.record({ field, op: fc.constantFrom("eq", "lt", "gte"), ref: field, plusDays: number }, { requiredKeys: ["field", "op", "ref"] }),
  fc.record({ field, op: fc.constant("between"), from: value, to: value }),
  fc.record({ daysBetween: fc.record({ from: field, to: field }), op: fc.constantFrom("eq", "gt", "lte"), value: number }),
);
const condition: fc.Arbitrary<unknown> = fc.letrec<{ c: unknown }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("c"), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie("c"), { maxLength: 3 }).map((any) => ({ any })),
    tie("c").map((not) => ({ not })),
    tie("c").map((where) => ({ exists: { from: { dataset: "prison_admission", as: "p" }, where: { all: [{ field: "p.id_number", op: "eq", ref: "j.id_number" }, where] } } })),
  ),
})).c;
const clue = { dedupKey: ["j.case_no", "j.id_number"], title: "{j.defendant_name}（{j.case_no}）", subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" }, evidence: { j: ["case_no"] } };
const definition = fc.oneof(
  { weight: 8, arbitrary: condition.map((where) => ({ from: { dataset: "criminal_judgment", as: "j" }, where, clue })) },
  { weight: 1, arbitrary: fc.record({ title: nasty }).map(({ title }) => ({ from: { dataset: "criminal_judgment", as: "j" }, clue: { ...clue, title } })) },
  {
    weight: 1,
    arbitrary: fc.record({ fn: fc.constantFrom("count", "sum", "max"), v: number, times: number }).map(({ fn, v, times }) => ({
      from: { dataset: "criminal_judgment", as: "j" },
      groupBy: ["j.court"],
      having: { any: [{ aggregate: { fn, field: "j.prison_term_months" }, op: "gt", value: v }, { aggregate: { fn: "count" }, op: "gt", times, of: { fn: "count" } }] },
      clue: { dedupKey: ["j.court"], title: "{j.court}", subject: { kind: "company", name: "j.court" }, evidence: {} },
    })),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---- Properties ----------------------------------------------------------------------------------

describe("the API answers bad input with a 4xx, never a 500 or the database's text", () => {
  it("POST /api/v1/rules/check and /rules/preview", async () => {
    await fc.assert(
      fc.asyncProperty(definition, fc.option(date, { nil: undefined }), fc.option(fc.oneof(fc.integer({ min: 1, max: 500 }), number, nasty), { nil: undefined }), async (def, runDate, limit) => {
        const check = JSON.stringify({ definition: def });
        await expectSane(await checkRoute(request("/api/v1/rules/check", check), params({})), `check ${check}`);
        const preview = JSON.stringify({ definition: def, runDate, limit });
        await expectSane(await previewRoute(request("/api/v1/rules/preview", preview), params({})), `preview ${preview}`);
      }),
      { numRuns: 150 },
    );
  }, 240_000);

  it("GET /api/v1/clues with any query, cursor, q and dates", async () => {
    await fc.assert(
      fc.asyncProperty(clueQuery, async (query) => {
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        await expectSane(await listCluesRoute(request(`/api/v1/clues?${qs}`), params({})), `clues ?${qs}`);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it("GET /api/v1/clues/{id}, /imports/{id}, /datasets/{key}", async () => {
    const id = fc.oneof(nasty, fc.uuid(), fc.bigInt({ min: -1n, max: 10n ** 25n }).map(String));
    await fc.assert(
      fc.asyncProperty(id, fc.oneof(nasty, fc.constantFrom(...BUILTIN_DATASETS.map((d) => d.key))), async (x, key) => {
        await expectSane(await getClueRoute(request(`/api/v1/clues/x`), params({ id: x })), `clue ${JSON.stringify(x)}`);
        await expectSane(await getImportRoute(request(`/api/v1/imports/x`), params({ id: x })), `import ${JSON.stringify(x)}`);
        await expectSane(await getDatasetRoute(request(`/api/v1/datasets/x`), params({ key })), `dataset ${JSON.stringify(key)}`);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it("POST /api/v1/models/{id}/runs with any model id and body", async () => {
    const body = fc.oneof(
      { weight: 6, arbitrary: fc.record({ runDate: fc.oneof({ weight: 4, arbitrary: dateEdge }, date, number, fc.constant(null)) }).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: fc.oneof(nasty, fc.uuid()) }, { weight: 4, arbitrary: fc.constantFrom(...modelIds) }), body, async (id, raw) => {
        await expectSane(await startRunRoute(request(`/api/v1/models/x/runs`, raw), params({ id })), `run ${JSON.stringify(id)} ${raw}`);
      }),
      { numRuns: 250 },
    );
  }, 120_000);
});
