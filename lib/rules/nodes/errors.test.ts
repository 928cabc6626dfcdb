// Errors where the mistake is: a grouped rule's dedup key, run-date shifts beside a literal, group
// conditions (having) at their own paths, zod's bounds in Chinese — and no English in any message a
// malformed rule can draw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { PENSION_PAID_IN_CUSTODY, REPEATED_INPATIENT_STAYS } from "@/models/examples";
import { BUILTIN_MODELS } from "@/models/rules";
import { checkRule } from "../check";
import { pinnedFields } from "./join";
import { parseRule, ZRule } from "../schema";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const noRegex = async () => new Map<string, string>();
const model4 = BUILTIN_MODELS.find((m) => m.number === 4)!.rule as Record<string, unknown> & { clue: Record<string, unknown> };

function rule(where: unknown, extra: Record<string, unknown> = {}) {
  return {
    from: { dataset: "criminal_judgment", as: "j" },
    where,
    clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
    ...extra,
  };
}

describe("a grouped rule's dedup key identifies one hit per group", () => {
  it("refuses a key without every grouping field, naming what to add", async () => {
    const loose = { ...model4, clue: { ...model4.clue, dedupKey: ["c.plaintiff_id"] } };
    expect(await checkRule(ZRule.parse(loose), ctx, noRegex)).toEqual([
      { path: "clue.dedupKey", message: "去重键不能唯一标识一组命中：请加入分组字段 c.plaintiff_name（否则不同的组会得到相同的去重键）" },
    ]);
  });

  it("accepts the built-in grouped model (its key holds both grouping fields)", async () => {
    expect(model4.clue.dedupKey).toEqual(["c.plaintiff_id", "c.plaintiff_name"]);
    expect(await checkRule(ZRule.parse(model4), ctx, noRegex)).toEqual([]);
  });
});

describe("a join pins the fields its on equates (the dedup key need not hold them)", () => {
  const joined = (on: unknown) => ZRule.parse({ ...rule(undefined), joins: [{ dataset: "prison_admission", as: "p", on }] }).joins[0];

  it("an equality with another alias's field pins, whichever side names the joined alias", () => {
    expect(pinnedFields(joined({ all: [{ field: "j.id_number", op: "eq", ref: "p.id_number" }, { field: "p.admission_no", op: "eq", ref: "j.case_no" }] }))).toEqual(new Set(["id_number", "admission_no"]));
  });

  it("an equality that an empty value meets (ifEmpty match) pins nothing: every row would match it", async () => {
    const on = { field: "p.admission_no", op: "eq", ref: "j.case_no", ifEmpty: "match" };
    expect(pinnedFields(joined(on))).toEqual(new Set());
    const issues = await checkRule(ZRule.parse({ ...rule(undefined), joins: [{ dataset: "prison_admission", as: "p", on }] }), ctx, noRegex);
    expect(issues.map((i) => i.message)).toEqual(["去重键不能唯一标识一条命中：缺少 p.admission_no（数据资源“监狱收押”的业务主键）"]);
  });

  it("other kinds never pin (an in-list names no other field)", () => {
    expect(pinnedFields(joined({ field: "p.admission_no", op: "in", values: ["a"] }))).toEqual(new Set());
  });
});

describe("plusDays / minusDays beside a literal value", () => {
  it("is refused at its own path, saying where a shift belongs", () => {
    const message = `plusDays、minusDays 只用于另一日期字段（ref）加减天数；运行日期加减天数请写在 runDate 内，如 {"runDate": {"minusDays": 30}}；固定日期请直接写出`;
    expect(parseRule(rule({ field: "j.effective_date", op: "lt", value: "2025-01-01", plusDays: 30 })).issues).toEqual([{ path: "where.plusDays", message }]);
    expect(parseRule(rule({ field: "j.effective_date", op: "lt", value: { runDate: {} }, minusDays: 30 })).issues).toEqual([{ path: "where.minusDays", message }]);
  });

  it("still shifts another date field (ref)", () => {
    expect(parseRule(rule({ field: "j.judgment_date", op: "gte", ref: "j.birth_date", plusDays: 6570 })).issues).toEqual([]);
  });
});

describe("group conditions (having) are told at their own path", () => {
  const grouped = (having: unknown) => ({ ...model4, having });
  const issues = (having: unknown) => parseRule(grouped(having)).issues;

  it("a misspelled op, at that condition's op", () => {
    expect(issues({ all: [{ aggregate: { fn: "count" }, op: "gte", value: 5 }, { aggregate: { fn: "count" }, op: "gtee", value: 5 }] })).toEqual([
      { path: "having.all[1].op", message: "应为以下之一：eq、ne、lt、lte、gt、gte" },
    ]);
  });

  it("a misspelled aggregate function, at the aggregate's fn", () => {
    expect(issues({ aggregate: { fn: "cnt" }, op: "gte", value: 5 })).toEqual([{ path: "having.aggregate.fn", message: "应为以下之一：count、countDistinct、sum、min、max" }]);
  });

  it("a ratio without its base, and a value that is no number", () => {
    expect(issues({ aggregate: { fn: "count" }, op: "gte", times: 0.6 })).toEqual([{ path: "having.of", message: "缺少必填项“of”" }]);
    expect(issues({ aggregate: { fn: "count" }, op: "gte", value: "5" })).toEqual([{ path: "having.value", message: "应为数字，实际为文本" }]);
    expect(issues({ aggregate: { fn: "count" }, op: "gte", value: 5, times: 2, of: { fn: "count" } })).toEqual([
      { path: "having", message: "分组条件须有 value（与数字比较）或 times 与 of（与另一聚合的倍数比较），不能同时有" },
    ]);
  });

  it("an unknown construct, with what may stand there", () => {
    expect(issues({ any: [{ aggregate: { fn: "count" }, op: "gte", value: 5 }, { count: 5 }] })).toEqual([
      { path: "having.any[1]", message: "无法识别的分组条件（含键：count）：应含 all、any 之一，或 aggregate、op 与 value（或 times 与 of），如 {\"aggregate\": {\"fn\": \"count\"}, \"op\": \"gte\", \"value\": 5}" },
    ]);
  });
});

describe("a definition that is no rule at all", () => {
  it("says what a rule is, at the root", () => {
    const message = `规则应为 JSON 对象，含 from、clue，可选 joins、where、groupBy、having 等，如 {"from": {"dataset": "criminal_judgment", "as": "j"}, "where": {…}, "clue": {…}}`;
    for (const definition of [undefined, null, "rule", 1, []]) expect(parseRule(definition).issues, String(definition)).toEqual([{ path: "(根)", message }]);
  });
});

describe("zod's bounds in Chinese", () => {
  it("says how long or how many, in Chinese", () => {
    const long = "字".repeat(201);
    expect(parseRule(rule(undefined, { clue: { ...rule(undefined).clue, title: long } })).issues).toEqual([{ path: "clue.title", message: "文本过长：最多 200 个字符，实为 201 个" }]);
    expect(parseRule(rule(undefined, { clue: { ...rule(undefined).clue, title: "" } })).issues).toEqual([{ path: "clue.title", message: "不能为空" }]);
    expect(parseRule(rule({ all: [] })).issues).toEqual([{ path: "where.all", message: "至少需要 1 项" }]);
    expect(parseRule(rule(undefined, { groupBy: [] })).issues).toEqual([{ path: "groupBy", message: "至少需要 1 项" }]);
    expect(parseRule(rule({ field: "j.effective_date", op: "lt", value: { runDate: { minusDays: -1 } } })).issues).toEqual([{ path: "where.value.runDate.minusDays", message: "不能小于 0" }]);
    expect(parseRule(rule({ field: "j.judgment_date", op: "gte", ref: "j.birth_date", plusDays: 99999 })).issues).toEqual([{ path: "where.plusDays", message: "不能大于 36500" }]);
    const joins = Array.from({ length: 9 }, (_, i) => ({ dataset: "prison_admission", as: `p${i}`, on: { field: `p${i}.id_number`, op: "eq", ref: "j.id_number" } }));
    expect(parseRule(rule(undefined, { joins })).issues).toEqual([{ path: "joins", message: "最多 8 项，实为 9 项" }]);
  });
});

/** zod's English vocabulary, and the English type names its Chinese locale keeps. */
const ENGLISH = /\(key\)|\b(Invalid|invalid|Too|too|expected|Expected|received|Unrecognized|must|should|characters?|items?|input|option|element|string|object|array|undefined|number|boolean|nan|NaN)\b/;

/** Every node of a JSON value, as paths into it. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [at];
  const children = Array.isArray(value) ? value.map((v, i) => paths(v, [...at, i])) : Object.entries(value).map(([k, v]) => paths(v, [...at, k]));
  return [at, ...children.flat()];
}

function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

describe("no English in any rule error", () => {
  it("any node of any built-in or example model replaced by any JSON value draws Chinese messages only (parse and check)", async () => {
    // The example models bring the constructs the built-ins do not use (windows, months).
    const rules = [...BUILTIN_MODELS, REPEATED_INPATIENT_STAYS, PENSION_PAID_IN_CUSTODY].map((m) => m.rule);
    const candidate = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom("", "x".repeat(600), -1, 1.5, 1e300, 99999, [], {}, null, true, "eqq", { runDate: { minusDays: -3 } }, { fn: "median" }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(rules.length - 1), fc.nat(), candidate, async (r, n, value) => {
        const all = paths(rules[r]);
        const mutated = replaced(rules[r], all[n % all.length], value);
        const parsed = parseRule(mutated);
        const issues = parsed.rule ? await checkRule(parsed.rule, ctx, noRegex) : parsed.issues;
        for (const i of issues) {
          expect(i.message, `${i.path} of ${JSON.stringify(mutated).slice(0, 200)}`).not.toMatch(ENGLISH);
          expect(i.message).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
      { numRuns: 1500, seed: 13 },
    );
  });
});
