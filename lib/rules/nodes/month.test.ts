// Golden tests of calendar months: { "month": field, op, ref | value } — the JSON in, the SQL
// (sargable bounds on the field; months computed on timestamp without time zone, so the session's
// TimeZone never moves a month), the Chinese line, and the checker's errors at the node's path.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { checkRule, type RegexValidator } from "../check";
import { compileRule } from "../compile";
import { describeRule } from "../describe";
import { parseRule, ZRule } from "../schema";
import { NODE_META } from "./index";
import { RULE_META } from "./meta";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const noRegex: RegexValidator = async () => new Map();

function rule(where: unknown) {
  return {
    from: { dataset: "criminal_judgment", as: "j" },
    where,
    clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no", "effective_date"] } },
  };
}

function sqlOf(where: unknown): { sql: string; values: unknown[] } {
  const compiled = compileRule(ZRule.parse(rule(where)), ctx);
  return { sql: compiled.text.slice(compiled.text.indexOf("  and ") + 6), values: compiled.values };
}

function linesOf(where: unknown, evidence?: Record<string, unknown>): string[] {
  return describeRule(ZRule.parse(rule(where)), datasets, evidence).lines.map((l) => `${l.text}${l.value === undefined ? "" : ` = ${l.value}`}`);
}

const issuesOf = (where: unknown) => checkRule(ZRule.parse(rule(where)), ctx, noRegex);

const EFFECTIVE = `"j"."effective_date"`;
const MONTH_OF = (sql: string, months = 0) =>
  months === 0 ? `date_trunc('month', (${sql})::timestamp)::date` : `(date_trunc('month', (${sql})::timestamp) + interval '${months} months')::date`;

describe("calendar months, golden", () => {
  it("the same month as another date field", async () => {
    const where = { month: "j.effective_date", op: "eq", ref: "j.judgment_date" };
    expect(sqlOf(where)).toEqual({
      sql: `(${EFFECTIVE} >= ${MONTH_OF(`"j"."judgment_date"`)} and ${EFFECTIVE} < ${MONTH_OF(`"j"."judgment_date"`, 1)})`,
      values: ["t"],
    });
    expect(linesOf(where, { j: { effective_date: "2026-03-31" } })).toEqual(["条件：刑事判决.生效日期 与 刑事判决.判决日期 在同一个月 = 2026年3月"]);
    expect(await issuesOf(where)).toEqual([]);
  });

  it("later than the month of another date, N months on", () => {
    const where = { month: "j.effective_date", op: "gt", ref: "j.judgment_date", plusMonths: 2 };
    expect(sqlOf(where).sql).toBe(`${EFFECTIVE} >= ${MONTH_OF(`"j"."judgment_date"`, 3)}`);
    expect(linesOf(where)).toEqual(["条件：刑事判决.生效日期 所在月晚于 刑事判决.判决日期 所在月后 2 个月"]);
    const before = { month: "j.effective_date", op: "lte", ref: "j.judgment_date", minusMonths: 1 };
    expect(sqlOf(before).sql).toBe(`${EFFECTIVE} < ${MONTH_OF(`"j"."judgment_date"`)}`);
    expect(linesOf(before)).toEqual(["条件：刑事判决.生效日期 所在月不晚于 刑事判决.判决日期 所在月前 1 个月"]);
  });

  it("N calendar months before the run date", () => {
    const where = { month: "j.effective_date", op: "gte", value: { runDate: { minusMonths: 24 } } };
    expect(sqlOf(where)).toEqual({ sql: `${EFFECTIVE} >= ${MONTH_OF("$2::date", -24)}`, values: ["t"] });
    expect(linesOf(where)).toEqual(["条件：刑事判决.生效日期 所在月不早于 运行日前 24 个月所在月"]);
    expect(sqlOf({ month: "j.effective_date", op: "lt", value: { runDate: {} } }).sql).toBe(`${EFFECTIVE} < ${MONTH_OF("$2::date")}`);
    expect(linesOf({ month: "j.effective_date", op: "ne", value: { runDate: { plusMonths: 1 } } })).toEqual(["条件：刑事判决.生效日期 所在月不为 运行日后 1 个月所在月"]);
  });

  it("a literal month binds its first days as dates", () => {
    const where = { month: "j.effective_date", op: "ne", value: "2026-12" };
    expect(sqlOf(where)).toEqual({ sql: `(${EFFECTIVE} < $3::date or ${EFFECTIVE} >= $4::date)`, values: ["2026-12-01", "2027-01-01", "t"] });
    expect(linesOf(where)).toEqual(["条件：刑事判决.生效日期 所在月不为 2026年12月"]);
    expect(sqlOf({ month: "j.effective_date", op: "lte", value: "2026-02" })).toEqual({ sql: `${EFFECTIVE} < $3::date`, values: ["2026-03-01", "t"] });
  });

  it("refuses a field that is no date, months beside a value, and a month that is no month — each at its path", async () => {
    expect(await issuesOf({ month: "j.court", op: "eq", ref: "j.prison_term_months" })).toEqual([
      { path: "where.month", message: "字段 j.court 是文本，不能取月份" },
      { path: "where.ref", message: "字段 j.prison_term_months 是整数，不能取月份" },
    ]);
    expect(await issuesOf({ month: "j.effective_date", op: "eq", value: "2026-03", plusMonths: 1 })).toEqual([
      { path: "where.plusMonths", message: "加减月数只用于另一日期字段（ref）；运行日期请写作 {\"runDate\": {\"minusMonths\": 3}}，月份请直接写出" },
    ]);
    expect(parseRule(rule({ month: "j.effective_date", op: "eq", value: "2026-13" })).issues).toEqual([{ path: "where.value", message: "月份应写作 YYYY-MM，如 2026-03" }]);
    expect(parseRule(rule({ month: "j.effective_date", op: "eq" })).issues).toEqual([{ path: "where", message: "月份比较须有且只有一个 value 或 ref" }]);
    expect(parseRule(rule({ month: "j.effective_date", op: "eq", value: { runDate: { minusMonth: 3 } } })).issues).toEqual([
      { path: "where.value.runDate", message: "未知的键 “minusMonth”，此处可用：plusDays、minusDays、plusMonths、minusMonths、day" },
    ]);
    expect(parseRule(rule({ month: "j.effective_date", op: "eq", value: 202603 })).issues).toEqual([
      { path: "where.value", message: "取值应为月份（YYYY-MM，如 2026-03）或运行日期，如 {\"runDate\": {\"minusMonths\": 3}}" },
    ]);
  });

  it("a timestamp's month is China's month, whatever the session's time zone", () => {
    const ts = { ...datasets.get("criminal_judgment")!, key: "t_ts", fields: [{ name: "at", label: "时间", type: "timestamp" as const, pii: "none" as const, required: false, nonNegative: false }] };
    const withTs = { datasets: new Map([...datasets, ["t_ts", ts]]), granted: null };
    const r = ZRule.parse({ from: { dataset: "t_ts", as: "t" }, where: { month: "t.at", op: "eq", value: { runDate: {} } }, clue: { dedupKey: ["t.at"], title: "t", subject: { kind: "person", name: "t.at" }, evidence: { t: ["at"] } } });
    const text = compileRule(r, withTs).text;
    expect(text).toContain(`("t"."at" at time zone 'Asia/Shanghai')::date >= ${MONTH_OF("$2::date")}`);
    expect(text).not.toMatch(/timestamptz/);
  });

  it("offers the builder its ops and inputs in Chinese", () => {
    const meta = NODE_META.find((m) => m.kind === "month")!;
    expect(meta.label).toBe("月份比较");
    expect(meta.ops.map((o) => `${o.op}:${o.label}`)).toEqual(["eq:同一个月", "ne:不同月", "lt:早于", "lte:不晚于", "gt:晚于", "gte:不早于"]);
    expect(meta.fieldTypes).toEqual(["date", "timestamp"]);
    expect(meta.inputs.map((i) => i.name)).toEqual(["month", "value", "ref", "plusMonths", "minusMonths", "ifEmpty"]);
  });

  it("takes empty values explicitly when asked (ifEmpty), as comparisons do", () => {
    const where = { not: { month: "j.effective_date", op: "eq", ref: "j.judgment_date", ifEmpty: "match" } };
    expect(sqlOf(where).sql).toBe(`(not coalesce(((${EFFECTIVE} >= ${MONTH_OF(`"j"."judgment_date"`)} and ${EFFECTIVE} < ${MONTH_OF(`"j"."judgment_date"`, 1)})), true))`);
    expect(linesOf(where)).toEqual(["条件：", "不满足：刑事判决.生效日期 与 刑事判决.判决日期 在同一个月（为空时视为满足）"]);
  });

  it("months may be a rule parameter, bound as an integer and named in the explanation", async () => {
    const params = { lookback: { type: "integer", default: 24, min: 1, max: 120, label: "追溯月数" } };
    const where = { month: "j.effective_date", op: "gte", ref: "j.judgment_date", minusMonths: { param: "lookback" } };
    const r = ZRule.parse({ ...rule(where), params });
    const compiled = compileRule(r, ctx);
    expect(compiled.text).toContain(`${EFFECTIVE} >= (date_trunc('month', ("j"."judgment_date")::timestamp) + make_interval(months => 0 - $3::integer))::date`);
    expect(compiled.values).toEqual([24, "t"]);
    expect(describeRule(r, datasets).lines.map((l) => l.text)).toContain("条件：刑事判决.生效日期 所在月不早于 刑事判决.判决日期 所在月前 24 个月（追溯月数）");
    expect(await checkRule(r, ctx, noRegex)).toEqual([]);
    const unbounded = ZRule.parse({ ...rule(where), params: { lookback: { type: "integer", default: 24, label: "追溯月数" } } });
    expect(await checkRule(unbounded, ctx, noRegex)).toEqual([{ path: "where.minusMonths", message: "参数“lookback”用作月数，须声明 0 至 1200 之间的下限 min 与上限 max" }]);
  });
});

describe("the run date in calendar months, and the first or last day of its month", () => {
  const cmp = (runDate: Record<string, unknown>) => ({ field: "j.effective_date", op: "lt", value: { runDate } });

  it("N calendar months before the run date, as a day", () => {
    expect(sqlOf(cmp({ minusMonths: 6 }))).toEqual({ sql: `${EFFECTIVE} < ($2::date + interval '-6 months')::date`, values: ["t"] });
    expect(linesOf(cmp({ minusMonths: 6 }))).toEqual(["条件：刑事判决.生效日期 早于 运行日前 6 个月"]);
  });

  it("the first and last day of the run date's month, months on, days on", () => {
    expect(sqlOf(cmp({ day: "first" })).sql).toBe(`${EFFECTIVE} < date_trunc('month', ($2::date)::timestamp)::date`);
    expect(linesOf(cmp({ day: "first" }))).toEqual(["条件：刑事判决.生效日期 早于 运行日所在月第一天"]);
    expect(sqlOf(cmp({ minusMonths: 1, day: "last", plusDays: 1 })).sql).toBe(
      `${EFFECTIVE} < ((date_trunc('month', (($2::date + interval '-1 months')::date)::timestamp) + interval '1 month - 1 day')::date + 1)`,
    );
    expect(linesOf(cmp({ minusMonths: 1, day: "last", plusDays: 1 }))).toEqual(["条件：刑事判决.生效日期 早于 运行日前 1 个月所在月最后一天后 1 日"]);
  });

  it("keeps the run date ± days as it was, and refuses a day that is neither first nor last", () => {
    expect(sqlOf(cmp({ minusDays: 30 })).sql).toBe(`${EFFECTIVE} < ($2::date - 30)`);
    expect(parseRule(rule({ month: "j.effective_date", op: "eq", value: { runDate: { day: "15" } } })).issues).toEqual([
      { path: "where.value", message: "取值应为月份（YYYY-MM，如 2026-03）或运行日期，如 {\"runDate\": {\"minusMonths\": 3}}" },
    ]);
    expect(parseRule(rule(cmp({ day: "15" }))).issues).toEqual([{ path: "where.value", message: expect.stringMatching(/^取值应为文本、数字、是\/否，运行日期/) }]);
  });

  it("a month node against the run date's month folds its months into one interval", () => {
    expect(sqlOf({ month: "j.effective_date", op: "gt", value: { runDate: { minusMonths: 3 } } }).sql).toBe(`${EFFECTIVE} >= ${MONTH_OF("$2::date", -2)}`);
    expect(sqlOf({ month: "j.effective_date", op: "eq", value: { runDate: { minusDays: 3 } } }).sql).toBe(
      `(${EFFECTIVE} >= ${MONTH_OF("($2::date - 3)")} and ${EFFECTIVE} < ${MONTH_OF("($2::date - 3)", 1)})`,
    );
    expect(linesOf({ month: "j.effective_date", op: "eq", value: { runDate: { minusDays: 3 } } })).toEqual(["条件：刑事判决.生效日期 所在月为 运行日前 3 日所在月"]);
  });
});

describe("another date field ± calendar months (comparison)", () => {
  it("within N calendar months after another date: the month added on dates, then the days", async () => {
    const where = { field: "j.effective_date", op: "lte", ref: "j.judgment_date", plusMonths: 3, minusDays: 1 };
    expect(sqlOf(where)).toEqual({ sql: `${EFFECTIVE} <= (("j"."judgment_date" + interval '3 months')::date - 1)`, values: ["t"] });
    expect(linesOf(where)).toEqual(["条件：刑事判决.生效日期 不晚于 刑事判决.判决日期后 3 个月前 1 日"]);
    expect(await issuesOf(where)).toEqual([]);
  });

  it("refuses months beside a value, or on a field that is no date, at their paths", async () => {
    expect(parseRule(rule({ field: "j.effective_date", op: "lt", value: "2026-01-01", minusMonths: 2 })).issues).toEqual([
      { path: "where.minusMonths", message: expect.stringMatching(/^plusMonths、minusMonths 只用于另一日期字段（ref）加减月数/) },
    ]);
    expect(await issuesOf({ field: "j.prison_term_months", op: "lt", ref: "j.prison_term_months", plusMonths: 2 })).toEqual([{ path: "where.plusMonths", message: "只有日期字段可以加减月数" }]);
  });
});

describe("a timestamp ± calendar months", () => {
  it("is moved on China's wall clock, not the session's", () => {
    const ts = { ...datasets.get("criminal_judgment")!, key: "t_ts", fields: [{ name: "at", label: "时间", type: "timestamp" as const, pii: "none" as const, required: false, nonNegative: false }, { name: "bt", label: "另一时间", type: "timestamp" as const, pii: "none" as const, required: false, nonNegative: false }] };
    const withTs = { datasets: new Map([...datasets, ["t_ts", ts]]), granted: null };
    const r = ZRule.parse({ from: { dataset: "t_ts", as: "t" }, where: { field: "t.at", op: "lt", ref: "t.bt", minusMonths: 1 }, clue: { dedupKey: ["t.at"], title: "t", subject: { kind: "person", name: "t.at" }, evidence: { t: ["at"] } } });
    expect(compileRule(r, withTs).text).toContain(`"t"."at" < ((("t"."bt" at time zone 'Asia/Shanghai') + interval '-1 months') at time zone 'Asia/Shanghai')`);
  });
});

describe("the run date, as the builder offers it", () => {
  it("RULE_META.runDate: months, the day of that month as a choice, then days — in the order they apply", () => {
    const meta = RULE_META.runDate;
    expect(meta.label).toBe("运行日期");
    expect(meta.inputs.map((i) => [i.name, i.kind, i.param ?? false])).toEqual([
      ["plusMonths", "months", true],
      ["minusMonths", "months", true],
      ["day", "choice", false],
      ["plusDays", "days", true],
      ["minusDays", "days", true],
    ]);
    expect(meta.inputs.find((i) => i.name === "day")!.choices).toEqual([
      { value: "first", label: "所在月第一天" },
      { value: "last", label: "所在月最后一天" },
    ]);
  });
});

