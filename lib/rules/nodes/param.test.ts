// Golden tests for rule parameters: { "param": name } where a literal may stand → bind values
// (the org's setting over the declared default), the checker's errors at the node, the Chinese
// explanation with the values used.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { checkRule } from "../check";
import { compileRule } from "../compile";
import { describeRule } from "../describe";
import { parseRule, ZRule } from "../schema";
import { NODE_META } from "./index";
import { RULE_META } from "./meta";
import { checkParamValues, resolveParams, type ParamDecls } from "./param";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const noRegexes = async () => new Map<string, string>();

const PARAMS: ParamDecls = {
  graceDays: { type: "integer", default: 30, min: 1, max: 365, label: "交付执行宽限天数" },
  minMonths: { type: "integer", default: 12, label: "最低刑期（月）" },
  charge: { type: "text", default: "盗窃罪", label: "罪名" },
  since: { type: "date", default: "2024-01-01", min: "2020-01-01", label: "起算日期" },
  minSuits: { type: "integer", default: 5, min: 2, max: 100, label: "最少起诉次数" },
  share: { type: "numeric", default: 0.5, min: 0, max: 1, label: "比例" },
};

function rule(where: unknown, extra: Record<string, unknown> = {}) {
  return {
    params: PARAMS,
    from: { dataset: "criminal_judgment", as: "j" },
    where,
    clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
    ...extra,
  };
}

/** The condition's SQL (after the org filter) and values, with the org's settings. */
function sqlOf(where: unknown, settings = {}): { sql: string; values: unknown[] } {
  const compiled = compileRule(ZRule.parse(rule(where)), ctx, settings);
  return { sql: compiled.text.slice(compiled.text.indexOf("  and ") + 6), values: compiled.values };
}

function issuesOf(definition: unknown) {
  return checkRule(ZRule.parse(definition), ctx, noRegexes);
}

describe("parameters: compile to bind values", () => {
  it("run date minus a parameter's days: the default, or the org's setting", () => {
    const where = { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: { param: "graceDays" } } } };
    expect(sqlOf(where)).toEqual({ sql: `"j"."effective_date" < ($2::date - $3::integer)`, values: [30, "t"] });
    expect(sqlOf(where, { graceDays: 45 }).values).toEqual([45, "t"]);
  });

  it("the statement text does not change with the value (plans and caches stay)", () => {
    const where = { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: { param: "graceDays" } } } };
    expect(sqlOf(where, { graceDays: 45 }).sql).toBe(sqlOf(where).sql);
  });

  it("a comparison value, an in-list member, a range bound, a field ± days and days between", () => {
    expect(sqlOf({ field: "j.prison_term_months", op: "gte", value: { param: "minMonths" } })).toEqual({ sql: `"j"."prison_term_months" >= $3::bigint`, values: [12, "t"] });
    expect(sqlOf({ field: "j.charge", op: "in", values: [{ param: "charge" }, "诈骗罪"] }, { charge: "抢劫罪" })).toEqual({ sql: `"j"."charge" = any($3::text[])`, values: [["抢劫罪", "诈骗罪"], "t"] });
    expect(sqlOf({ field: "j.judgment_date", op: "between", from: { param: "since" }, to: { runDate: {} } })).toEqual({ sql: `"j"."judgment_date" between $3::date and $2::date`, values: ["2024-01-01", "t"] });
    expect(sqlOf({ field: "j.effective_date", op: "gt", ref: "j.judgment_date", plusDays: { param: "graceDays" }, minusDays: 2 })).toEqual({
      sql: `"j"."effective_date" > ("j"."judgment_date" + $3::integer - 2)`,
      values: [30, "t"],
    });
    expect(sqlOf({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: { param: "graceDays" } }, { graceDays: 7 })).toEqual({
      sql: `(("j"."effective_date")::date - ("j"."judgment_date")::date) > $3::integer`,
      values: [7, "t"],
    });
  });

  it("a having threshold", () => {
    const grouped = {
      params: PARAMS,
      from: { dataset: "civil_case", as: "c" },
      groupBy: ["c.plaintiff_id"],
      having: { aggregate: { fn: "count" }, op: "gte", value: { param: "minSuits" } },
      clue: { dedupKey: ["c.plaintiff_id"], title: "t", subject: { kind: "person", name: "c.plaintiff_id" }, evidence: { c: ["plaintiff_id"] } },
    };
    const compiled = compileRule(ZRule.parse(grouped), ctx, { minSuits: 8 });
    expect(compiled.text).toContain(`having count(*) >= $4::numeric`);
    expect(compiled.values).toEqual(["t", 8]);
  });

  it("records each parameter's value and where it came from", () => {
    const compiled = compileRule(ZRule.parse(rule(undefined)), ctx, { graceDays: 45, share: 2 });
    expect(compiled.params.find((p) => p.name === "graceDays")).toEqual({ name: "graceDays", label: "交付执行宽限天数", type: "integer", value: 45, source: "org" });
    // A setting the declaration no longer allows (a newer version narrowed the bounds): the default stands.
    expect(compiled.params.find((p) => p.name === "share")).toMatchObject({ value: 0.5, source: "default" });
  });
});

describe("parameters: the checker", () => {
  it("accepts parameters that fit where they stand", async () => {
    const where = { all: [
      { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: { param: "graceDays" } } } },
      { field: "j.prison_term_months", op: "gte", value: { param: "minMonths" } },
      { field: "j.charge", op: "in", values: [{ param: "charge" }] },
      { field: "j.judgment_date", op: "gte", value: { param: "since" } },
    ] };
    const { minSuits: _s, share: _r, ...used } = PARAMS;
    expect(await issuesOf(rule(where, { params: used }))).toEqual([]);
  });

  it("an undeclared parameter, at its node, naming the declared ones", async () => {
    expect(await issuesOf(rule({ field: "j.prison_term_months", op: "gte", value: { param: "minMonth" } }))).toEqual([
      { path: "where.value", message: "未声明的参数“minMonth”（已声明：graceDays、minMonths、charge、since、minSuits、share）" },
    ]);
    const { params: _, ...bare } = rule({ field: "j.prison_term_months", op: "gte", value: { param: "minMonths" } });
    expect(await issuesOf(bare)).toEqual([{ path: "where.value", message: "未声明的参数“minMonths”（请先在 params 中声明）" }]);
  });

  it("a parameter of the wrong type for its field, its days or its threshold", async () => {
    expect(await issuesOf(rule({ field: "j.prison_term_months", op: "gte", value: { param: "charge" } }))).toEqual([
      { path: "where.value", message: "字段 prison_term_months 是整数，不能与文本参数“charge”比较" },
    ]);
    expect(await issuesOf(rule({ field: "j.prison_term_months", op: "gte", value: { param: "share" } }))).toEqual([
      { path: "where.value", message: "字段 prison_term_months 是整数，不能与数值参数“share”比较" },
    ]);
    expect(await issuesOf(rule({ field: "j.effective_date", op: "lt", value: { runDate: { minusDays: { param: "since" } } } }))).toEqual([
      { path: "where.value.runDate.minusDays", message: "参数“since”用作天数，应为整数参数，实际为日期" },
    ]);
    expect(await issuesOf(rule({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: { param: "share" } }))).toEqual([
      { path: "where.value", message: "参数“share”应为整数参数，实际为数值" },
    ]);
  });

  it("days from a parameter must be bounded within 0 … 36500 (no org setting can break the statement)", async () => {
    expect(await issuesOf(rule({ field: "j.effective_date", op: "gt", ref: "j.judgment_date", plusDays: { param: "minMonths" } }))).toEqual([
      { path: "where.plusDays", message: "参数“minMonths”用作天数，须声明 0 至 36500 之间的下限 min 与上限 max" },
    ]);
  });

  it("a declared parameter the rule never uses (an org's setting would change nothing)", async () => {
    const where = { field: "j.prison_term_months", op: "gte", value: { param: "minMonths" } };
    expect(await issuesOf(rule(where, { params: { minMonths: PARAMS.minMonths, graceDays: PARAMS.graceDays } }))).toEqual([
      { path: "params.graceDays", message: `参数“graceDays”已声明但规则中没有使用：请在条件中以 {"param": "graceDays"} 引用，或删除该声明` },
    ]);
  });

  it("declarations: a default out of bounds or of the wrong type, bounds on text, min above max", async () => {
    const params = {
      a: { type: "integer", default: 400, min: 1, max: 365, label: "甲" },
      b: { type: "integer", default: 1.5, label: "乙" },
      c: { type: "text", default: "x", min: 1, label: "丙" },
      d: { type: "date", default: "2024-02-30", label: "丁" },
      e: { type: "numeric", default: 1, min: 5, max: 2, label: "戊" },
    };
    expect(await issuesOf({ ...rule(undefined), params })).toEqual([
      { path: "params.a.default", message: "默认值不能大于 365（上限），实际为 400" },
      { path: "params.b.default", message: "默认值应为整数（±9007199254740991 以内），实际为 1.5" },
      { path: "params.c.min", message: "文本参数不能设上下限" },
      { path: "params.d.default", message: expect.stringContaining("默认值日期 2024-02-30 无效") },
      { path: "params.e.min", message: "下限 5 大于上限 2" },
      { path: "params.e.default", message: "默认值不能小于 5（下限），实际为 1" },
    ]);
  });

  it("parse errors: a parameter reference that is not a name, a declaration with an unknown type", () => {
    expect(parseRule(rule({ field: "j.prison_term_months", op: "gte", value: { param: 3 } })).issues).toEqual([
      { path: "where.value", message: `取值应为文本、数字、是/否，运行日期，如 {"runDate": {"minusDays": 30}}，或参数，如 {"param": "graceDays"}` },
    ]);
    expect(parseRule({ ...rule(undefined), params: { x: { type: "money", default: 1, label: "x" } } }).issues).toEqual([
      { path: "params.x.type", message: "应为以下之一：integer、numeric、text、date" },
    ]);
  });

  it("an org's settings: unknown names, types and bounds, each at its path", () => {
    expect(checkParamValues(PARAMS, { graceDays: 400, minMonths: "十二", nope: 1, since: "2019-12-31", charge: "抢劫罪" })).toEqual([
      { path: "values.graceDays", message: "交付执行宽限天数不能大于 365（上限），实际为 400" },
      { path: "values.minMonths", message: "最低刑期（月）应为整数" },
      { path: "values.nope", message: "模型没有参数“nope”（可设置：graceDays、minMonths、charge、since、minSuits、share）" },
      { path: "values.since", message: "起算日期不能小于 2020-01-01（下限），实际为 2019-12-31" },
    ]);
    expect(resolveParams(PARAMS, { graceDays: 60 }).get("graceDays")).toMatchObject({ value: 60, source: "org" });
  });
});

describe("parameters: the builder's metadata", () => {
  it("a declaration's inputs, the types as labelled choices, and which node inputs may take a parameter", () => {
    expect(RULE_META.param.inputs.map((i) => i.name)).toEqual(["type", "default", "min", "max", "label"]);
    expect(RULE_META.param.inputs[0].choices).toEqual([
      { value: "integer", label: "整数" },
      { value: "numeric", label: "数值" },
      { value: "text", label: "文本" },
      { value: "date", label: "日期" },
    ]);
    const takes = NODE_META.flatMap((m) => m.inputs.filter((i) => i.param).map((i) => `${m.kind}.${i.name}`));
    expect(takes).toEqual(expect.arrayContaining(["comparison.value", "comparison.plusDays", "inList.values", "range.from", "daysBetween.value"]));
    expect(RULE_META.having.inputs.filter((i) => i.param).map((i) => i.name)).toEqual(["value", "times"]);
  });
});

describe("parameters: the explanation shows the values used", () => {
  const where = { all: [
    { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: { param: "graceDays" } } } },
    { field: "j.prison_term_months", op: "gte", value: { param: "minMonths" } },
  ] };

  it("inline with its label, and a section listing each value and where it came from", () => {
    const parsed = ZRule.parse(rule(where, { params: { graceDays: PARAMS.graceDays, minMonths: PARAMS.minMonths } }));
    const used = compileRule(parsed, ctx, { graceDays: 45 }).params;
    const lines = describeRule(parsed, datasets, undefined, used).lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`);
    expect(lines).toEqual([
      "条件（同时满足）：",
      "  刑事判决.生效日期 早于 运行日前 45 日（交付执行宽限天数）",
      "  刑事判决.刑期（月） 不小于 12（最低刑期（月））",
      "参数（本次取值）：",
      "  交付执行宽限天数 = 45（本院设置）",
      "  最低刑期（月） = 12（默认）",
    ]);
  });

  it("without a run's values, the declared defaults", () => {
    const parsed = ZRule.parse(rule(where, { params: { graceDays: PARAMS.graceDays } }));
    expect(describeRule(parsed, datasets).lines.map((l) => l.text)).toContain("交付执行宽限天数 = 30（默认）");
  });
});
