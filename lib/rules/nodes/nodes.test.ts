// Golden tests, node kind by node kind: the JSON a builder writes → the SQL it compiles to, the
// Chinese a prosecutor reads, and the checker's errors for a misuse — plus the builder's metadata.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { checkRule, type RegexValidator } from "../check";
import { compileRule } from "../compile";
import { describeRule } from "../describe";
import { parseRule, ZRule } from "../schema";
import { NODE_KINDS, NODE_META } from "./index";
import { pinnedFields } from "./join";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const regexes: string[] = [];
const recordRegexes: RegexValidator = async (patterns) => {
  regexes.push(...patterns);
  return new Map();
};

function rule(where: unknown) {
  return {
    from: { dataset: "criminal_judgment", as: "j" },
    where,
    clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
  };
}

/** The condition's SQL (after the org filter) and values. */
function sqlOf(where: unknown): { sql: string; values: unknown[] } {
  const compiled = compileRule(ZRule.parse(rule(where)), ctx);
  return { sql: compiled.text.slice(compiled.text.indexOf("  and ") + 6), values: compiled.values };
}

/** The explanation's lines, indented by depth. */
function linesOf(where: unknown): string[] {
  return describeRule(ZRule.parse(rule(where)), datasets).lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`);
}

async function issuesOf(where: unknown): Promise<{ path: string; message: string }[]> {
  return checkRule(ZRule.parse(rule(where)), ctx, recordRegexes);
}

interface Golden {
  kind: string;
  json: unknown;
  sql: string;
  values: unknown[];
  lines: string[];
  /** A misuse the checker refuses, and what it says. */
  misuse?: { json: unknown; issues: { path: string; message: string }[] };
}

const GOLDENS: Golden[] = [
  {
    kind: "comparison",
    json: { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: 30 } } },
    sql: `"j"."effective_date" < ($2::date - 30)`,
    values: ["t"],
    lines: ["条件：刑事判决.生效日期 早于 运行日前 30 日"],
    misuse: { json: { field: "j.detained_before_trial", op: "gt", value: true }, issues: [{ path: "where.op", message: "字段 detained_before_trial 是是/否值，只能判断等于或不等于" }] },
  },
  {
    kind: "comparison",
    json: { field: "j.judgment_date", op: "gte", ref: "j.birth_date", plusDays: 6570 },
    sql: `"j"."judgment_date" >= ("j"."birth_date" + 6570)`,
    values: ["t"],
    lines: ["条件：刑事判决.判决日期 不早于 刑事判决.出生日期后 6570 日"],
    misuse: { json: { field: "j.judgment_date", op: "eq", ref: "j.court" }, issues: [{ path: "where.ref", message: "字段 judgment_date 是日期，不能与文本字段 j.court 比较" }] },
  },
  {
    kind: "inList",
    json: { field: "j.charge", op: "notIn", values: ["盗窃罪", "诈骗罪"] },
    sql: `not ("j"."charge" = any($3::text[]))`,
    values: [["盗窃罪", "诈骗罪"], "t"],
    lines: ["条件：刑事判决.罪名 不为 “盗窃罪”、“诈骗罪” 中任何一个"],
    misuse: { json: { field: "j.prison_term_months", op: "in", values: [12, "一年"] }, issues: [{ path: "where.values[1]", message: "字段 prison_term_months 是整数，不能与文本比较" }] },
  },
  {
    kind: "nullCheck",
    json: { field: "j.effective_date", op: "isNotNull" },
    sql: `"j"."effective_date" is not null`,
    values: ["t"],
    lines: ["条件：刑事判决.生效日期 不为空"],
    misuse: { json: { field: "j.effective_day", op: "isNull" }, issues: [{ path: "where.field", message: "数据资源“刑事判决”没有字段 effective_day" }] },
  },
  {
    kind: "textMatch",
    json: { field: "j.case_no", op: "matches", value: "刑初\\d+号" },
    sql: `"j"."case_no" ~ $3::text`,
    values: ["刑初\\d+号", "t"],
    lines: ["条件：刑事判决.案号 符合正则表达式 “刑初\\d+号”"],
    misuse: { json: { field: "j.prison_term_months", op: "startsWith", value: "1" }, issues: [{ path: "where.op", message: "字段 prison_term_months 是整数，不能做文本匹配" }] },
  },
  {
    kind: "range",
    json: { field: "j.prison_term_months", op: "between", from: 6, to: 36 },
    sql: `"j"."prison_term_months" between $3::bigint and $4::bigint`,
    values: [6, 36, "t"],
    lines: ["条件：刑事判决.刑期（月） 在 6 至 36 之间（含两端）"],
    misuse: { json: { field: "j.court", op: "between", from: "a", to: { runDate: {} } }, issues: [{ path: "where.op", message: "字段 court 是文本，不能取区间" }, { path: "where.to", message: "字段 court 是文本，不能与运行日期比较" }] },
  },
  {
    kind: "daysBetween",
    json: { daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: 15 },
    sql: `(("j"."effective_date")::date - ("j"."judgment_date")::date) > $3::integer`,
    values: [15, "t"],
    lines: ["条件：自 刑事判决.判决日期 至 刑事判决.生效日期 的天数超过 15 日"],
    misuse: { json: { daysBetween: { from: "j.court", to: "j.effective_date" }, op: "gt", value: 15 }, issues: [{ path: "where.daysBetween.from", message: "字段 j.court 是文本，不能计算相隔天数" }] },
  },
  {
    // More month goldens in ./month.test.ts.
    kind: "month",
    json: { month: "j.effective_date", op: "eq", ref: "j.judgment_date" },
    sql: `("j"."effective_date" >= date_trunc('month', ("j"."judgment_date")::timestamp)::date and "j"."effective_date" < (date_trunc('month', ("j"."judgment_date")::timestamp) + interval '1 months')::date)`,
    values: ["t"],
    lines: ["条件：刑事判决.生效日期 与 刑事判决.判决日期 在同一个月"],
    misuse: { json: { month: "j.court", op: "gt", value: "2026-03" }, issues: [{ path: "where.month", message: "字段 j.court 是文本，不能取月份" }] },
  },
  {
    kind: "all",
    json: { all: [{ field: "j.sentence_type", op: "eq", value: "实刑" }, { field: "j.detained_before_trial", op: "eq", value: false }] },
    sql: `("j"."sentence_type" = $3::text and "j"."detained_before_trial" = $4::boolean)`,
    values: ["实刑", false, "t"],
    lines: ["条件（同时满足）：", "  刑事判决.刑罚类型 等于 “实刑”", "  刑事判决.审前是否羁押 等于 “否”"],
    misuse: { json: { all: [{ field: "j.court", op: "eq", value: 1 }] }, issues: [{ path: "where.all[0].value", message: "字段 court 是文本，不能与数值比较" }] },
  },
  {
    kind: "any",
    json: { any: [{ field: "j.court", op: "contains", value: "东城" }, { all: [{ field: "j.charge", op: "eq", value: "盗窃罪" }] }] },
    sql: `(strpos("j"."court", $3::text) > 0 or ("j"."charge" = $4::text))`,
    values: ["东城", "盗窃罪", "t"],
    lines: ["条件（满足其一）：", "  刑事判决.审判法院 包含 “东城”", "  同时满足以下条件：", "    刑事判决.罪名 等于 “盗窃罪”"],
    misuse: { json: { any: [{ field: "x.court", op: "isNull" }] }, issues: [{ path: "where.any[0].field", message: "未知的别名 x（可用：j）" }] },
  },
  {
    kind: "not",
    json: { not: { field: "j.detained_before_trial", op: "eq", value: true } },
    sql: `(not "j"."detained_before_trial" = $3::boolean)`,
    values: [true, "t"],
    lines: ["条件：", "  不满足：刑事判决.审前是否羁押 等于 “是”"],
    misuse: { json: { not: { field: "j.birth_date", op: "eq", value: "2020-02-30" } }, issues: [{ path: "where.not.value", message: "日期 2020-02-30 无效：应为 1900—2100 年间的有效日期，格式 YYYY-MM-DD" }] },
  },
  {
    kind: "exists",
    json: { exists: { from: { dataset: "prison_admission", as: "p" }, where: { field: "p.id_number", op: "eq", ref: "j.id_number" } } },
    sql: `exists (select 1 from "ds"."prison_admission" as "p" where "p".org_id = $1 and "p"."id_number" = "j"."id_number")`,
    values: ["t"],
    lines: ["条件：", "  存在满足以下条件的 监狱收押 记录：", "    监狱收押.身份证号 等于 刑事判决.身份证号"],
    misuse: { json: { exists: { from: { dataset: "prison", as: "j" } } }, issues: [{ path: "where.exists.from.dataset", message: "未知的数据资源 prison" }, { path: "where.exists.from.as", message: "别名 j 已被使用" }] },
  },
  {
    kind: "notExists",
    json: { notExists: { from: { dataset: "prison_admission", as: "p" }, where: { any: [{ field: "p.id_number", op: "eq", ref: "j.id_number" }, { field: "p.case_no", op: "eq", ref: "j.case_no" }] } } },
    sql: `not exists (select 1 from "ds"."prison_admission" as "p" where "p".org_id = $1 and ("p"."id_number" = "j"."id_number" or "p"."case_no" = "j"."case_no"))`,
    values: ["t"],
    lines: ["条件：", "  不存在满足以下条件之一的 监狱收押 记录：", "    监狱收押.身份证号 等于 刑事判决.身份证号", "    监狱收押.判决案号 等于 刑事判决.案号"],
    misuse: { json: { notExists: { from: { dataset: "prison_admission", as: "p" }, where: { field: "p.admission_date", op: "gte", value: "明天" } } }, issues: [{ path: "where.notExists.where.value", message: "字段 admission_date 是日期，不能与文本比较" }] },
  },
];

describe("node kinds, golden", () => {
  it.each(GOLDENS.map((g) => [g.kind, JSON.stringify(g.json), g] as const))("%s %s", async (_, __, g) => {
    expect(sqlOf(g.json)).toEqual({ sql: g.sql, values: g.values });
    expect(linesOf(g.json)).toEqual(g.lines);
    expect(await issuesOf(g.json)).toEqual([]);
    if (g.misuse) expect(await issuesOf(g.misuse.json)).toEqual(g.misuse.issues);
  });

  it("has a golden for every kind in the registry", () => {
    expect(new Set(GOLDENS.map((g) => g.kind))).toEqual(new Set(NODE_KINDS.map((k) => k.meta.kind)));
  });

  it("hands regular expressions to PostgreSQL's validator, and nothing else", async () => {
    regexes.length = 0;
    await issuesOf({ all: [{ field: "j.case_no", op: "matches", value: "^\\(20" }, { field: "j.court", op: "contains", value: "(" }] });
    expect(regexes).toEqual(["^\\(20"]);
  });

  it("refuses malformed nodes at parse time with their path", () => {
    expect(parseRule(rule({ field: "j.court", op: "in", values: [] })).issues).toEqual([{ path: "where.values", message: "列表不能为空" }]);
    expect(parseRule(rule({ field: "j.court", op: "eq", value: "a", ref: "j.case_no" })).issues).toEqual([{ path: "where", message: "比较条件须有且只有一个 value 或 ref" }]);
    expect(parseRule(rule({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: 1.5 })).issues).toEqual([{ path: "where.value", message: "相隔天数须为整数" }]);
  });
});

describe("node kinds, the builder's metadata", () => {
  it("gives every kind a Chinese label, its inputs, and the ops that select it", () => {
    for (const meta of NODE_META) {
      expect(meta.label, meta.kind).toMatch(/^[\u4e00-\u9fff（）]+$/);
      expect(meta.inputs.length, meta.kind).toBeGreaterThan(0);
      for (const input of meta.inputs) expect(input.label, `${meta.kind}.${input.name}`).toMatch(/[\u4e00-\u9fff]/);
      for (const op of meta.ops) expect(op.label, `${meta.kind}.${op.op}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("no two kinds claim the same op, and text matching takes only text fields", () => {
    const ops = NODE_KINDS.filter((k) => k.key === undefined).flatMap((k) => k.meta.ops.map((o) => o.op));
    expect(new Set(ops).size).toBe(ops.length);
    expect(NODE_META.find((m) => m.kind === "textMatch")!.fieldTypes).toEqual(["text"]);
    expect(NODE_META.find((m) => m.kind === "range")!.fieldTypes).not.toContain("boolean");
  });
});

describe("errors at the node (parse)", () => {
  const issues = (where: unknown, extra: Record<string, unknown> = {}) => parseRule({ ...rule(where), ...extra }).issues;
  const OPS = "eq、ne、lt、lte、gt、gte、in、notIn、isNull、isNotNull、contains、startsWith、matches、between";

  it("a misspelled op is reported at that node's op, with the choices", () => {
    const where = { all: [0, 1, 2].map(() => ({ field: "j.court", op: "isNull" })).concat([{ field: "j.court", op: "eqq", value: "a" } as never]) };
    expect(issues(where)).toEqual([{ path: "where.all[3].op", message: `未知的比较方式“eqq”，可选：${OPS}` }]);
  });

  it("frm for from inside exists: the missing key and the unknown one, at the subquery", () => {
    expect(issues({ exists: { frm: { dataset: "prison_admission", as: "p" } } })).toEqual([
      { path: "where.exists.from", message: "缺少必填项“from”" },
      { path: "where.exists", message: "未知的键 “frm”，此处可用：from、where、evidence" },
    ]);
  });

  it("daysBetween with ref says what the construct takes", () => {
    expect(issues({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", ref: "j.birth_date" })).toEqual([
      { path: "where.value", message: "缺少必填项“value”" },
      { path: "where", message: "未知的键 “ref”，此处可用：daysBetween、op、value、ifEmpty" },
    ]);
  });

  it("an unknown construct is named with what may stand there, never “无效输入” at the top", () => {
    const [issue] = issues({ any: [{ field: "j.court", op: "isNull" }, { window: { days: 30 } }] });
    expect(issue.path).toBe("where.any[1]");
    expect(issue.message).toBe(`无法识别的条件（含键：window）：应含 all、any、not、exists、notExists、daysBetween、month 之一，或 field 与 op（op 可选：${OPS}）`);
    expect(issues("j.court = 1")[0]).toMatchObject({ path: "where", message: expect.stringMatching(/^条件应为 JSON 对象/) });
  });

  it("one path style everywhere: joins[0].on.all[1], and the root's own keys", () => {
    const joins = [{ dataset: "prison_admission", as: "p", on: { all: [{ field: "p.id_number", op: "eq", ref: "j.id_number" }, { field: "p.prison", op: "containz", value: "东" }] } }];
    expect(issues(undefined, { joins, whre: {} })).toEqual([
      { path: "joins[0].on.all[1].op", message: `未知的比较方式“containz”，可选：${OPS}` },
      { path: "(根)", message: "未知的键 “whre”，此处可用：params、from、joins、where、groupBy、having、window、clue" },
    ]);
  });

  it("a value that is no literal says what a value may be", () => {
    expect(issues({ field: "j.effective_date", op: "lt", value: { runDat: {} } })).toEqual([{ path: "where.value", message: `取值应为文本、数字、是/否，运行日期，如 {"runDate": {"minusDays": 30}}，或参数，如 {"param": "graceDays"}` }]);
    expect(issues({ field: "j.court", op: "in", values: ["a", {}] })).toEqual([{ path: "where.values[1]", message: "取值应为文本、数字、是/否（true/false），或参数，如 {\"param\": \"minAmount\"}" }]);
  });

  it("speaks Chinese only: no zod English nor “(key)”", () => {
    const all = [
      ...issues({ exists: { frm: {} } }),
      ...issues({ field: 1, op: "eq", value: [] }),
      ...issues({ not: null }),
      ...issues({ all: "x" }),
      ...parseRule({ from: 1, clue: { subject: { kind: "x" } } }).issues,
    ];
    expect(all).toContainEqual({ path: "clue.subject.kind", message: "应为以下之一：person、company" });
    expect(all).toContainEqual({ path: "where.field", message: "应为文本，实际为数字" });
    expect(all).toContainEqual({ path: "where.all", message: "应为数组，实际为文本" });
    // zod's English (or the English type names its Chinese locale keeps) never reaches a builder.
    for (const i of all) expect(i.message, i.path).not.toMatch(/\(key\)|Invalid|expected|received|string|object|undefined/);
  });
});

describe("aggregates and group conditions (having), golden", () => {
  const grouped = (having: unknown) => ({
    from: { dataset: "criminal_judgment", as: "j" },
    groupBy: ["j.court"],
    having,
    clue: { dedupKey: ["j.court"], title: "t", subject: { kind: "company", name: "j.court" }, evidence: { j: ["court"] }, aggregates: { n: { fn: "count" } } },
  });
  const HAVING = {
    all: [
      { aggregate: { fn: "count" }, op: "gte", value: 5 },
      { aggregate: { fn: "count", where: { field: "j.charge", op: "eq", value: "盗窃罪" } }, op: "gte", times: 0.5, of: { fn: "count" } },
    ],
  };

  it("compiles to group by … having, every number bound", () => {
    const compiled = compileRule(ZRule.parse(grouped(HAVING)), ctx);
    expect(compiled.text).toContain(`group by "j"."court"\nhaving (count(*) >= $4::numeric and count(*) filter (where "j"."charge" = $5::text) >= $6::numeric * count(*))`);
    expect(compiled.values).toEqual(["t", 5, "盗窃罪", 0.5]);
  });

  it("reads in Chinese, with the clue's stored aggregate beside the line that computes it", () => {
    const { lines } = describeRule(ZRule.parse(grouped(HAVING)), datasets, { j: { court: "东城区法院" }, aggregates: { n: 7 } });
    expect(lines.map((l) => `${"  ".repeat(l.depth)}${l.text}${l.value === undefined ? "" : ` = ${l.value}`}`)).toEqual([
      "按 刑事判决.审判法院 分组",
      "分组条件（同时满足）：",
      "  记录总数 ≥ 5 = 7",
      "  满足「刑事判决.罪名 等于 “盗窃罪”」的记录数 ≥ 记录总数的 0.5 倍",
    ]);
  });

  it("refuses sums of text and comparing a text's maximum with a number", async () => {
    const issues = await checkRule(ZRule.parse(grouped({ any: [{ aggregate: { fn: "sum", field: "j.charge" }, op: "gt", value: 1 }, { aggregate: { fn: "max", field: "j.court" }, op: "gt", value: 1 }] })), ctx, recordRegexes);
    expect(issues).toEqual([
      { path: "having.any[0].aggregate.field", message: "字段 j.charge 是文本，不能求和" },
      { path: "having.any[1].aggregate", message: "只有计数、求和或数值的最大最小值可以与数字比较" },
    ]);
  });
});

describe("joins, golden", () => {
  const joined = (joins: unknown[]) => ({ ...rule(undefined), joins, clue: { ...rule(undefined).clue, dedupKey: ["j.case_no", "j.id_number", "p.admission_no"] } });
  const ON = { all: [{ field: "p.id_number", op: "eq", ref: "j.id_number" }, { field: "p.admission_date", op: "gte", ref: "j.effective_date" }] };

  it("compiles to a join limited to the org, and reads as 关联", () => {
    const parsed = ZRule.parse(joined([{ dataset: "prison_admission", as: "p", type: "left", on: ON }]));
    expect(compileRule(parsed, ctx).text).toContain(`from "ds"."criminal_judgment" as "j"\nleft join "ds"."prison_admission" as "p" on "p".org_id = $1 and ("p"."id_number" = "j"."id_number" and "p"."admission_date" >= "j"."effective_date")\nwhere "j".org_id = $1`);
    expect(describeRule(parsed, datasets).lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`)).toEqual([
      "关联（可无匹配记录）：监狱收押（p），条件（同时满足）：",
      "  监狱收押.身份证号 等于 刑事判决.身份证号",
      "  监狱收押.收押日期 不早于 刑事判决.生效日期",
    ]);
  });

  it("refuses an unknown dataset and a reused alias at the join's own paths", async () => {
    const issues = await checkRule(ZRule.parse(joined([{ dataset: "prisons", as: "j", on: { field: "j.court", op: "isNull" } }])), ctx, recordRegexes);
    expect(issues).toContainEqual({ path: "joins[0].dataset", message: "未知的数据资源 prisons" });
    expect(issues).toContainEqual({ path: "joins[0].as", message: "别名 j 已被使用" });
  });

  it("pins the joined fields its on equates to another alias's (the dedup key need not hold them)", () => {
    const j = ZRule.parse(joined([{ dataset: "prison_admission", as: "p", on: ON }])).joins[0];
    expect(pinnedFields(j)).toEqual(new Set(["id_number"]));
  });
});
