// Golden tests for sliding windows per subject: the JSON a builder writes → the SQL (window
// functions, one row per subject), the Chinese a prosecutor reads with this clue's window beside
// it, the checker's errors for a misuse, and the builder's metadata.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { checkRule, type RegexValidator } from "../check";
import { compileRule } from "../compile";
import { describeRule } from "../describe";
import { parseRule, ZRule } from "../schema";
import { RULE_META } from "./meta";
import { WINDOW_META } from "./window";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const noRegexes: RegexValidator = async () => new Map();

const WINDOW = {
  by: ["i.id_number"],
  date: "i.admission_date",
  days: 90,
  atLeast: 3,
  share: { where: { daysBetween: { from: "i.admission_date", to: "i.discharge_date" }, op: "lte", value: 3 }, atLeast: 0.6 },
};

function windowRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    from: { dataset: "medical_settlement", as: "i" },
    where: { field: "i.visit_type", op: "eq", value: "住院" },
    window: WINDOW,
    clue: {
      dedupKey: ["i.id_number"],
      title: "{i.name}90日内频繁住院",
      subject: { kind: "person", name: "i.name", idNumber: "i.id_number" },
      evidence: { i: ["settlement_no", "hospital", "admission_date", "discharge_date", "id_number"] },
    },
    ...overrides,
  };
}

const EVIDENCE = {
  window: {
    start: "2026-03-01",
    end: "2026-05-20",
    days: 90,
    count: 4,
    matching: 3,
    events: [
      { i: { settlement_no: "JS1", hospital: "市一院", admission_date: "2026-03-01", discharge_date: "2026-03-03", id_number: "110101199003074514" } },
    ],
  },
};

describe("sliding windows per subject, golden", () => {
  it("compiles to window functions over the subject's events, one row per subject, every number bound", () => {
    const compiled = compileRule(ZRule.parse(windowRule()), ctx);
    expect(compiled.text).toContain(`count(*) over w_frame as w_count`);
    expect(compiled.text).toContain(`count(*) filter (where w_match) over w_frame as w_matching`);
    expect(compiled.text).toContain(`window w_frame as (partition by w_by_1 order by w_date range between $3::int * interval '1 day' preceding and current row)`);
    expect(compiled.text).toContain(`select distinct on (w_by_1) w_by_1, w_date as w_end, w_count, w_matching`);
    expect(compiled.text).toContain(`where w_count >= $4::int and w_matching >= $5::numeric * w_count`);
    // Subjects and dates that are empty never form a window.
    expect(compiled.text).toContain(`"i"."id_number" is not null and "i"."admission_date" is not null`);
    // The window's numbers first, then the rule's rows (scanned twice: to count, then to gather the evidence).
    expect(compiled.values).toEqual([90, 3, 0.6, "住院", 3, "住院", "90日内频繁住院"]);
    expect(compiled.text).toContain(`"i"."id_number" = b.w_by_1\n    and "i"."admission_date" between b.w_end - $3::int * interval '1 day' and b.w_end`);
  });

  it("without a share, every event counts and no filter is compiled", () => {
    const compiled = compileRule(ZRule.parse(windowRule({ window: { ...WINDOW, share: undefined } })), ctx);
    expect(compiled.text).toContain("true as w_match");
    expect(compiled.text).toContain("where w_count >= $4::int\n");
    expect(compiled.text).not.toContain("w_matching >=");
  });

  it("reads in Chinese, with this clue's densest window, count and share beside the lines", () => {
    const { lines } = describeRule(ZRule.parse(windowRule()), datasets, EVIDENCE);
    expect(lines.map((l) => `${"  ".repeat(l.depth)}${l.text}${l.value === undefined ? "" : ` — ${l.value}`}`)).toEqual([
      "条件：医保结算.就诊类型 等于 “住院”",
      "滑动窗口：按 医保结算.参保人身份证号 逐一统计，以 医保结算.入院日期 计，任意 90 日内（首末相隔不超过 90 日）的记录：",
      "  记录数 ≥ 3 — 4 条（2026-03-01 至 2026-05-20）",
      "  其中满足「自 医保结算.入院日期 至 医保结算.出院日期 的天数不超过 3 日」的占比 ≥ 60% — 3 条，占 75%",
      "每个主体只产生一条线索，证据为记录最多的窗口（同样多时取最近的）",
    ]);
  });

  it("refuses a date that is not a date, a window beside groupBy, and a dedup key that is not the subject", async () => {
    const issues = await checkRule(
      ZRule.parse(windowRule({ window: { ...WINDOW, date: "i.hospital" }, clue: { ...(windowRule().clue as object), dedupKey: ["i.settlement_no"] } })),
      ctx,
      noRegexes,
    );
    expect(issues).toEqual([
      { path: "window.date", message: "字段 i.hospital 是文本，滑动窗口须按日期或时间字段计" },
      { path: "clue.dedupKey", message: "滑动窗口每个主体只产生一条线索，去重键须恰为 window.by 的字段（i.id_number），不能含 i.settlement_no，缺少 i.id_number" },
    ]);
    const grouped = parseRule(windowRule({ groupBy: ["i.id_number"] }));
    expect(grouped.issues).toEqual([{ path: "window", message: "window（滑动窗口）与 groupBy（分组）不能同时使用：窗口本身已按 window.by 逐一统计" }]);
    expect(parseRule(windowRule({ window: { ...WINDOW, share: { ...WINDOW.share, atLeast: 60 } } })).issues).toEqual([
      { path: "window.share.atLeast", message: "占比须在 0 到 1 之间，如 0.6 表示 60%" },
    ]);
    expect(parseRule(windowRule({ window: { ...WINDOW, atLeast: 1 } })).issues).toEqual([{ path: "window.atLeast", message: "窗口内记录数下限至少为 2" }]);
  });

  it("the share's condition is checked at its own path", async () => {
    const issues = await checkRule(ZRule.parse(windowRule({ window: { ...WINDOW, share: { where: { field: "i.amount", op: "eq", value: "多" }, atLeast: 0.5 } } })), ctx, noRegexes);
    expect(issues).toEqual([{ path: "window.share.where.value", message: "字段 amount 是数值，不能与文本比较" }]);
  });

  it("takes its thresholds as parameters: the org's settings are bound, the labels read in the explanation, bounds checked", async () => {
    const params = {
      windowDays: { type: "integer", default: 90, min: 30, max: 365, label: "窗口天数" },
      minStays: { type: "integer", default: 3, min: 2, max: 10, label: "最少住院次数" },
      minShare: { type: "numeric", default: 0.6, min: 0.5, max: 1, label: "短期住院占比" },
    };
    const withParams = windowRule({ params, window: { ...WINDOW, days: { param: "windowDays" }, atLeast: { param: "minStays" }, share: { ...WINDOW.share, atLeast: { param: "minShare" } } } });
    const parsed = ZRule.parse(withParams);
    expect(await checkRule(parsed, ctx, noRegexes)).toEqual([]);
    const compiled = compileRule(parsed, ctx, { minStays: 4 });
    expect(compiled.values.slice(0, 3)).toEqual([90, 4, 0.6]);
    const { lines } = describeRule(parsed, datasets, EVIDENCE, compiled.params);
    expect(lines[1].text).toContain("任意 90（窗口天数） 日内");
    expect(lines[2].text).toBe("记录数 ≥ 4（最少住院次数）");
    expect(lines[3].text).toMatch(/的占比 ≥ 60%（短期住院占比）$/);

    const loose = windowRule({ params: { ...params, minStays: { type: "integer", default: 3, min: 1, max: 10, label: "最少住院次数" }, minShare: { type: "text", default: "多", label: "占比" } }, window: { ...WINDOW, atLeast: { param: "minStays" }, share: { ...WINDOW.share, atLeast: { param: "minShare" } } } });
    expect(await checkRule(ZRule.parse(loose), ctx, noRegexes)).toEqual([
      { path: "window.atLeast", message: "参数“minStays”用作窗口内记录数下限，须声明 2 至 100000 之间的下限 min 与上限 max" },
      { path: "window.share.atLeast", message: "参数“minShare”用作占比，应为数值参数" },
    ]);
    expect(parseRule(windowRule({ window: { ...WINDOW, days: "90" } })).issues).toEqual([{ path: "window.days", message: `应为 1 至 3650 的整数，或参数，如 {"param": "minStays"}` }]);
  });

  it("offers the builder its inputs with Chinese labels", () => {
    expect(WINDOW_META.kind).toBe("window");
    expect(WINDOW_META.label).toBe("滑动窗口");
    expect(WINDOW_META.inputs.map((i) => [i.name, i.kind, i.param ?? false])).toEqual([
      ["by", "fields", false],
      ["date", "field", false],
      ["days", "days", true],
      ["atLeast", "integer", true],
      ["share.where", "condition", false],
      ["share.atLeast", "number", true],
    ]);
    expect(RULE_META.window).toBe(WINDOW_META);
    expect(RULE_META.rule.inputs.find((i) => i.name === "window")?.kind).toBe("window");
  });
});
