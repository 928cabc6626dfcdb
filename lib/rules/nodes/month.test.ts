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
    expect(parseRule(rule({ month: "j.effective_date", op: "eq", value: { runDate: { minusDays: 3 } } })).issues).toEqual([
      { path: "where.value.runDate", message: "未知的键 “minusDays”，此处可用：plusMonths、minusMonths" },
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
});
