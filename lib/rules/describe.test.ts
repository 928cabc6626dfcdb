import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import { describeRule, formatEvidenceValue, formatExplanation, type ExplanationLine } from "./describe";
import { type RuleInput, ZRule } from "./schema";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
/** A built-in's rule without its alias labels: these tests read the dataset names (labels: nodes/exists-evidence.test.ts). */
const model = (n: number) => ZRule.parse(JSON.parse(JSON.stringify(BUILTIN_MODELS.find((m) => m.number === n)!.rule), (_, v: unknown) => (isAlias(v) ? { ...v, label: undefined } : v)));
/** A dataset entering the rule under an alias (from, a join, a subquery's from). */
const isAlias = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && "as" in v && "dataset" in v;
const line = (lines: ExplanationLine[], text: string) => lines.find((l) => l.text === text);

/** A minimal rule over criminal_judgment with the given parts. */
function rule(parts: Partial<RuleInput>) {
  return ZRule.parse({
    from: { dataset: "criminal_judgment", as: "j" },
    clue: { dedupKey: ["j.case_no"], title: "{j.case_no}", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
    ...parts,
  });
}

/** The single condition line of a rule whose where is one leaf. */
function whereText(where: RuleInput["where"]): string {
  const { lines } = describeRule(rule({ where }), datasets);
  expect(lines).toHaveLength(1);
  return lines[0].text;
}

describe("describeRule", () => {
  it.each(BUILTIN_MODELS.map((m) => [m.number, m] as const))("describes model %i with labels only, its aliases by their Chinese labels", (_, m) => {
    const { source, lines } = describeRule(m.rule, datasets);
    expect(source).toMatch(/^数据来源：\S+（\S+）$/);
    expect(formatExplanation({ source, lines })).not.toMatch(/（[a-z]+）/);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of [{ text: source }, ...lines]) {
      expect(l.text).not.toMatch(/\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b/);
      expect(l.text).not.toMatch(/undefined|null|NaN|\[object/);
    }
    // Without evidence, no values.
    expect(lines.every((l) => l.value === undefined)).toBe(true);
  });

  it("explains model 1 in the prosecutor's words", () => {
    const { source, lines } = describeRule(model(1), datasets);
    expect(source).toBe("数据来源：刑事判决（j）");
    expect(lines).toEqual([
      { depth: 0, text: "条件（同时满足）：" },
      { depth: 1, text: "刑事判决.刑罚类型 等于 “实刑”" },
      { depth: 1, text: "刑事判决.审前是否羁押 等于 “否”" },
      { depth: 1, text: "刑事判决.生效日期 早于 运行日前 30 日（交付执行宽限天数）" },
      { depth: 1, text: "不存在满足以下条件的 监狱收押 记录：" },
      { depth: 2, text: "监狱收押.身份证号 等于 刑事判决.身份证号" },
      { depth: 2, text: "监狱收押.收押日期 不早于 刑事判决.生效日期" },
      { depth: 0, text: "参数（本次取值）：" },
      { depth: 1, text: "交付执行宽限天数 = 30（默认）" },
    ]);
  });

  it("attaches this clue's values from the evidence to the lines on those fields", () => {
    const evidence = { j: { case_no: "（2025）京0101刑初1号", sentence_type: "实刑", detained_before_trial: false, effective_date: "2026-03-02" } };
    const { lines } = describeRule(model(1), datasets, evidence);
    expect(line(lines, "刑事判决.刑罚类型 等于 “实刑”")?.value).toBe("实刑");
    expect(line(lines, "刑事判决.审前是否羁押 等于 “否”")?.value).toBe("否");
    expect(line(lines, "刑事判决.生效日期 早于 运行日前 30 日（交付执行宽限天数）")?.value).toBe("2026-03-02");
    // Headers and sub-query rows (监狱收押 is not part of the hit) carry no value.
    expect(line(lines, "条件（同时满足）：")?.value).toBeUndefined();
    expect(line(lines, "监狱收押.收押日期 不早于 刑事判决.生效日期")?.value).toBeUndefined();
    expect(formatExplanation(describeRule(model(1), datasets, evidence))).toContain("  - 刑事判决.审前是否羁押 等于 “否”  — 本线索取值：否");
  });

  it("shows an evidence null as （空） and ignores fields the evidence lacks", () => {
    const { lines } = describeRule(model(3), datasets, { c: { service_method: "公告送达" }, r: { phone: null, status: "存续" } });
    expect(line(lines, "企业登记.联系电话 不为空")?.value).toBe("（空）");
    expect(line(lines, "企业登记.联系电话 不等于 空文本")?.value).toBe("（空）");
    expect(line(lines, "民事案件.送达方式 等于 “公告送达”")?.value).toBe("公告送达");
    expect(line(lines, "民事案件.被告类型 等于 “企业”")?.value).toBeUndefined();
  });

  it("masks the phone and ID number a condition read, as the evidence beside it is masked", () => {
    const { lines } = describeRule(model(3), datasets, { c: { service_method: "公告送达" }, r: { phone: "13812345678", status: "存续" } });
    expect(line(lines, "企业登记.联系电话 不为空")?.value).toBe("138****5678");
    expect(JSON.stringify(lines)).not.toContain("13812345678");
  });

  it("describes a join with its on-condition, and names each side of a self-join by alias", () => {
    expect(describeRule(model(3), datasets).lines[0]).toEqual({ depth: 0, text: "关联：企业登记（r），条件：企业登记.统一社会信用代码 等于 民事案件.被告证件号码" });
    const { source, lines } = describeRule(model(6), datasets, { a: { accident_date: "2026-01-01" }, b: { accident_date: "2026-01-20" } });
    expect(source).toBe("数据来源：车险理赔（a）");
    expect(lines[0].text).toBe("关联：车险理赔（b），条件（同时满足）：");
    expect(line(lines, "车险理赔（b）.出险日期 不晚于 车险理赔（a）.出险日期后 30 日（再次出险间隔天数上限）")).toEqual({
      depth: 1,
      text: "车险理赔（b）.出险日期 不晚于 车险理赔（a）.出险日期后 30 日（再次出险间隔天数上限）",
      value: "2026-01-20",
    });
  });

  it("describes a left join", () => {
    const r = rule({ joins: [{ dataset: "prison_admission", as: "p", type: "left", on: { field: "p.id_number", op: "eq", ref: "j.id_number" } }] });
    expect(describeRule(r, datasets).lines[0].text).toBe("关联（可无匹配记录）：监狱收押（p），条件：监狱收押.身份证号 等于 刑事判决.身份证号");
  });

  it("describes group by and having, with times-of and the clue's aggregate values", () => {
    const evidence = { c: { plaintiff_name: "张三" }, aggregates: { suits: 7, cases: ["a", "b"], closing_methods: ["调解"], total_claimed: 100 } };
    const { lines } = describeRule(model(4), datasets, evidence);
    expect(lines.slice(3)).toEqual([
      { depth: 0, text: "按 民事案件.原告身份证号、民事案件.原告姓名 分组" },
      { depth: 0, text: "分组条件（同时满足）：" },
      { depth: 1, text: "记录总数 ≥ 5（最少起诉次数）", value: "7" },
      { depth: 1, text: "满足「民事案件.结案方式 为 “调解”、“缺席判决” 之一」的记录数 ≥ 记录总数的 0.6（调解或缺席判决结案占比下限） 倍" },
      { depth: 0, text: "参数（本次取值）：" },
      { depth: 1, text: "立案时间范围（天） = 365（默认）" },
      { depth: 1, text: "最少起诉次数 = 5（默认）" },
      { depth: 1, text: "调解或缺席判决结案占比下限 = 0.6（默认）" },
    ]);
  });

  it("describes every aggregate function and nested having groups", () => {
    const r = rule({
      groupBy: ["j.court"],
      having: { any: [
        { aggregate: { fn: "countDistinct", field: "j.id_number" }, op: "gt", value: 3 },
        { all: [
          { aggregate: { fn: "sum", field: "j.prison_term_months" }, op: "lt", times: 2, of: { fn: "max", field: "j.prison_term_months" } },
          { aggregate: { fn: "count", field: "j.effective_date", where: { not: { field: "j.charge", op: "eq", value: "盗窃罪" } } }, op: "eq", value: 0 },
          { aggregate: { fn: "min", field: "j.prison_term_months" }, op: "ne", value: 1 },
        ] },
      ] },
      clue: { dedupKey: ["j.court"], title: "{j.court}", subject: { kind: "company", name: "j.court" }, evidence: { j: ["court"] } },
    });
    expect(describeRule(r, datasets).lines).toEqual([
      { depth: 0, text: "按 刑事判决.审判法院 分组" },
      { depth: 0, text: "分组条件（满足其一）：" },
      { depth: 1, text: "刑事判决.身份证号的不同取值个数 > 3" },
      { depth: 1, text: "同时满足以下条件：" },
      { depth: 2, text: "刑事判决.刑期（月）合计 < 刑事判决.刑期（月）最大值的 2 倍" },
      { depth: 2, text: "满足「并非（刑事判决.罪名 等于 “盗窃罪”）」的刑事判决.生效日期不为空的记录数 = 0" },
      { depth: 2, text: "刑事判决.刑期（月）最小值 ≠ 1" },
    ]);
  });

  it("describes between with the run date, as a date range", () => {
    expect(whereText({ field: "j.effective_date", op: "between", from: { runDate: { minusDays: 365 } }, to: { runDate: {} } })).toBe(
      "条件：刑事判决.生效日期 在 运行日前 365 日 至 运行日 之间（含两端）",
    );
    expect(whereText({ field: "j.effective_date", op: "between", from: "2025-01-01", to: { runDate: { plusDays: 7 } } })).toBe(
      "条件：刑事判决.生效日期 在 2025-01-01 至 运行日后 7 日 之间（含两端）",
    );
    expect(whereText({ field: "j.prison_term_months", op: "between", from: 12, to: 36 })).toBe("条件：刑事判决.刑期（月） 在 12 至 36 之间（含两端）");
  });

  it("describes in / not in, with one value as equals", () => {
    expect(whereText({ field: "j.charge", op: "notIn", values: ["盗窃罪", "诈骗罪"] })).toBe("条件：刑事判决.罪名 不为 “盗窃罪”、“诈骗罪” 中任何一个");
    expect(whereText({ field: "j.charge", op: "notIn", values: ["盗窃罪"] })).toBe("条件：刑事判决.罪名 不等于 “盗窃罪”");
    expect(whereText({ field: "j.charge", op: "in", values: ["盗窃罪", "诈骗罪"] })).toBe("条件：刑事判决.罪名 为 “盗窃罪”、“诈骗罪” 之一");
  });

  it("describes days between two dates, with this clue's day count", () => {
    const where = { daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: 10 } as const;
    const { lines } = describeRule(rule({ where }), datasets, { j: { judgment_date: "2026-01-25", effective_date: "2026-02-10" } });
    expect(lines).toEqual([{ depth: 0, text: "条件：自 刑事判决.判决日期 至 刑事判决.生效日期 的天数超过 10 日", value: "16 日" }]);
  });

  it("describes comparisons: numbers, booleans, dates as written, ref ± days, and date words", () => {
    expect(whereText({ field: "j.prison_term_months", op: "gte", value: 12 })).toBe("条件：刑事判决.刑期（月） 不小于 12");
    expect(whereText({ field: "j.detained_before_trial", op: "ne", value: true })).toBe("条件：刑事判决.审前是否羁押 不等于 “是”");
    expect(whereText({ field: "j.effective_date", op: "lte", value: "2025-12-31" })).toBe("条件：刑事判决.生效日期 不晚于 2025-12-31");
    expect(whereText({ field: "j.effective_date", op: "gt", ref: "j.judgment_date", minusDays: 3 })).toBe("条件：刑事判决.生效日期 晚于 刑事判决.判决日期前 3 日");
    expect(whereText({ field: "j.effective_date", op: "eq", value: { runDate: {} } })).toBe("条件：刑事判决.生效日期 等于 运行日");
  });

  it("describes null checks and text matches", () => {
    expect(whereText({ field: "j.gender", op: "isNull" })).toBe("条件：刑事判决.性别 为空");
    expect(whereText({ field: "j.court", op: "contains", value: "东城" })).toBe("条件：刑事判决.审判法院 包含 “东城”");
    expect(whereText({ field: "j.case_no", op: "startsWith", value: "（2025）" })).toBe("条件：刑事判决.案号 以 “（2025）” 开头");
    expect(whereText({ field: "j.case_no", op: "matches", value: "刑初\\d+号" })).toBe("条件：刑事判决.案号 符合正则表达式 “刑初\\d+号”");
  });

  it("describes any / not / exists at every depth", () => {
    const r = rule({
      where: { any: [
        { not: { field: "j.charge", op: "eq", value: "盗窃罪" } },
        { not: { all: [{ field: "j.gender", op: "eq", value: "男" }, { field: "j.court", op: "isNotNull" }] } },
        { exists: { from: { dataset: "prison_admission", as: "p" } } },
        { notExists: { from: { dataset: "prison_admission", as: "q" }, where: { any: [{ field: "q.case_no", op: "eq", ref: "j.case_no" }, { field: "q.name", op: "eq", ref: "j.defendant_name" }] } } },
      ] },
    });
    expect(describeRule(r, datasets).lines).toEqual([
      { depth: 0, text: "条件（满足其一）：" },
      { depth: 1, text: "不满足：刑事判决.罪名 等于 “盗窃罪”" },
      { depth: 1, text: "不满足以下条件：" },
      { depth: 2, text: "同时满足以下条件：" },
      { depth: 3, text: "刑事判决.性别 等于 “男”" },
      { depth: 3, text: "刑事判决.审判法院 不为空" },
      { depth: 1, text: "存在 监狱收押 记录" },
      { depth: 1, text: "不存在满足以下条件之一的 监狱收押 记录：" },
      { depth: 2, text: "监狱收押.判决案号 等于 刑事判决.案号" },
      { depth: 2, text: "监狱收押.罪犯姓名 等于 刑事判决.被告人姓名" },
    ]);
  });

  it("falls back to the field name, and says so when a rule has no conditions", () => {
    const r = rule({ where: { field: "j.unknown_field", op: "isNull" } });
    expect(describeRule(r, datasets).lines[0].text).toBe("条件：刑事判决.unknown_field 为空");
    expect(describeRule(rule({}), datasets).lines).toEqual([{ depth: 0, text: "条件：无（数据来源中的全部记录）" }]);
  });

  it("formats evidence values as text", () => {
    expect([true, false, null, 12.5, "2026-03-02", ["调解", "缺席判决"], []].map(formatEvidenceValue)).toEqual([
      "是",
      "否",
      "（空）",
      "12.5",
      "2026-03-02",
      "调解、缺席判决",
      "（空）",
    ]);
  });
});
