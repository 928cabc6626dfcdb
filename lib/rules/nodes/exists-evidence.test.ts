// Golden tests for evidence of what exists matched and what notExists searched for, and for alias
// labels: JSON → the SQL of the evidence, the Chinese lines of a clue's explanation, the evidence
// sections, the checker's refusals, and masking of personal data in all of them.
import { describe, expect, it } from "vitest";
import { evidenceSections, maskHit, revealableValue } from "@/lib/clues/evidence";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import { checkRule, type RegexValidator } from "../check";
import { compileRule } from "../compile";
import { describeRule, formatExplanation } from "../describe";
import { ZRule, type Rule } from "../schema";
import { correlatedRefs, EXISTS_EVIDENCE_ROWS, storedRowFields, subqueries } from "./exists-evidence";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const noRegex: RegexValidator = async () => new Map();
const model = (n: number): Rule => BUILTIN_MODELS.find((m) => m.number === n)!.rule;

/** Model 5's shape: an outpatient bill during an inpatient stay elsewhere, the stay shown as evidence. */
function outpatient(evidence: unknown = ["hospital", "id_number", "admission_date", "discharge_date"], extra: Record<string, unknown> = {}) {
  return ZRule.parse({
    from: { dataset: "medical_settlement", as: "o", label: "门诊结算" },
    where: {
      all: [
        { field: "o.visit_type", op: "eq", value: "门诊" },
        {
          exists: {
            from: { dataset: "medical_settlement", as: "i", label: "住院结算" },
            where: { all: [
              { field: "i.id_number", op: "eq", ref: "o.id_number" },
              { field: "i.visit_type", op: "eq", value: "住院" },
              { field: "o.visit_date", op: "gt", ref: "i.admission_date" },
            ] },
            evidence,
          },
        },
      ],
    },
    clue: { dedupKey: ["o.settlement_no"], title: "{o.name}", subject: { kind: "person", name: "o.name", idNumber: "o.id_number" }, evidence: { o: ["settlement_no", "hospital"] } },
    ...extra,
  });
}

const lines = (r: Rule, evidence?: Record<string, unknown>) => describeRule(r, datasets, evidence).lines;

describe("notExists: a negative finding with the clue's values", () => {
  const m1 = model(1);
  const evidence = { j: { case_no: "(2025)京0101刑初1号", effective_date: "2025-03-01", id_number: "110101199001011234", detained_before_trial: false } };

  it("stores what the notExists searched with beside the clue's evidence fields (the hit row's id_number)", () => {
    expect(storedRowFields(m1).get("j")).toEqual([...m1.clue.evidence.j, "id_number"]);
    expect(correlatedRefs(subqueries(m1.where)[0].q, new Set(["j"]))).toEqual(["j.id_number", "j.effective_date"]);
  });

  it("reads field references only: a literal that looks like one (value, values, pattern) is no correlation", () => {
    const q = { from: { dataset: "prison_admission", as: "p" }, where: { any: [
      { field: "p.case_no", op: "eq" as const, value: "j.case_no" },
      { field: "p.prison", op: "in" as const, values: ["j.court"] },
      { daysBetween: { from: "j.effective_date", to: "p.admission_date" }, op: "gt" as const, value: 30 },
    ] } };
    expect(correlatedRefs(q, new Set(["j"]))).toEqual(["j.effective_date"]);
  });

  it("explains a clue's notExists as one line: what was searched, with the values, masked", () => {
    const found = lines(m1, evidence).find((l) => l.finding);
    expect(found).toEqual({ depth: 1, text: "监狱收押：未找到 身份证号 等于 “1101**********1234” 且 收押日期 不早于 2025-03-01 的记录", finding: "absent" });
    expect(formatExplanation(describeRule(m1, datasets, evidence))).not.toContain("199001011234");
  });

  it("keeps the condition's lines when the values are not in the evidence (older clues) or on the model page", () => {
    const old = lines(m1, { j: { effective_date: "2025-03-01" } });
    expect(old.some((l) => l.finding)).toBe(false);
    expect(old.map((l) => l.text)).toContain("不存在满足以下条件的 监狱收押 记录：");
    expect(lines(m1).some((l) => l.finding)).toBe(false);
  });

  it("is no finding where a hit need not satisfy it: under any or not", () => {
    const r = ZRule.parse({ ...m1, where: { any: [{ field: "j.charge", op: "eq", value: "盗窃罪" }, m1.where!] } });
    expect(storedRowFields(r).get("j")).toEqual(m1.clue.evidence.j);
    expect(lines(r, evidence).some((l) => l.finding)).toBe(false);
    const negated = ZRule.parse({ ...m1, where: { not: m1.where! } });
    expect(lines(negated, evidence).some((l) => l.finding)).toBe(false);
  });
});

describe("exists: fields of the matched rows as evidence", () => {
  it("compiles to a bounded, ordered list of the matched rows under the exists's alias, org-scoped", () => {
    const { text } = compileRule(outpatient(), ctx);
    const evidence = text.split("\n").find((l) => l.includes(" as evidence"))!;
    expect(evidence).toContain(
      `'i', (select coalesce(jsonb_agg(jsonb_build_object('hospital', x."hospital", 'id_number', x."id_number", 'admission_date', x."admission_date", 'discharge_date', x."discharge_date") order by x."hospital", x."id_number", x."admission_date", x."discharge_date"), '[]'::jsonb) from (select "i"."hospital", "i"."id_number", "i"."admission_date", "i"."discharge_date" from "ds"."medical_settlement" as "i" where "i".org_id = $1 and ("i"."id_number" = "o"."id_number" and "i"."visit_type" = $`,
    );
    expect(evidence).toContain(`order by "i"."hospital", "i"."id_number", "i"."admission_date", "i"."discharge_date" limit ${EXISTS_EVIDENCE_ROWS}) as x)`);
    // The exists in the where is unchanged: no join, so no clue is multiplied.
    expect(text).not.toMatch(/\bjoin\b/);
  });

  it("shows the matched rows as evidence sections under the alias's label, PII masked, revealable by row", () => {
    const r = outpatient();
    const ev = { o: { settlement_no: "S1", hospital: "市二医院", id_number: "410101199002023456" }, i: [{ hospital: "市一医院", id_number: "410101199002023456", admission_date: "2026-03-01", discharge_date: "2026-03-10" }, { hospital: "市三医院", id_number: "410101199002023456", admission_date: "2026-03-02", discharge_date: "2026-03-09" }] };
    const sections = evidenceSections(r, datasets, ev);
    expect(sections.map((s) => [s.alias, s.heading])).toEqual([["o", "门诊结算"], ["i[0]", "住院结算（第 1 条）"], ["i[1]", "住院结算（第 2 条）"]]);
    expect(sections[1].fields.find((f) => f.name === "id_number")).toMatchObject({ value: "4101**********3456", pii: "id_number" });
    expect(JSON.stringify(sections)).not.toContain("199002023456");
    expect(revealableValue(r, datasets, ev, "i[1]", "id_number")).toBe("410101199002023456");
    expect(revealableValue(r, datasets, ev, "i[2]", "id_number")).toBeNull();
    expect(revealableValue(r, datasets, ev, "i[0]", "hospital")).toBeNull();
    const masked = maskHit(r, datasets, ev, ["S1"]);
    expect(JSON.stringify(masked)).not.toContain("199002023456");
    expect((masked.evidence.i as { id_number: string }[])[0].id_number).toBe("4101**********3456");
  });

  it("says so when no row matched (an exists under any), and explains a found exists with how many rows", () => {
    const r = outpatient();
    expect(evidenceSections(r, datasets, { o: {}, i: [] })[1]).toMatchObject({ alias: "i", heading: "住院结算", fields: [], empty: true });
    const ev = { o: { id_number: "410101199002023456", visit_date: "2026-03-05" }, i: [{ hospital: "市一医院" }, { hospital: "市三医院" }] };
    expect(lines(r, ev).find((l) => l.finding)).toEqual({
      depth: 1,
      text: "住院结算：找到 参保人身份证号 等于 “4101**********3456” 且 就诊类型 等于 “住院” 且 2026-03-05 晚于 入院日期 的记录",
      value: "2 条，见证据",
      finding: "found",
    });
  });

  it("is refused on a notExists, inside another subquery, in a grouped rule, and for an unknown field — at its path", async () => {
    const notExists = ZRule.parse({ ...model(1), where: { notExists: { from: { dataset: "prison_admission", as: "p" }, evidence: ["prison"] } } });
    expect(await checkRule(notExists, ctx, noRegex)).toEqual([{ path: "where.notExists.evidence", message: "不存在记录（notExists）没有匹配的记录可展示：evidence 只能用于 exists" }]);
    const nested = ZRule.parse({ ...model(1), where: { exists: { from: { dataset: "prison_admission", as: "p" }, where: { exists: { from: { dataset: "driving_license", as: "d" }, evidence: ["status"] } } } } });
    expect(await checkRule(nested, ctx, noRegex)).toEqual([{ path: "where.exists.where.exists.evidence", message: "evidence 只能用于最外层的 exists，不能用于另一个 exists/notExists 条件之内的 exists" }]);
    const grouped = outpatient(["hospital"], { groupBy: ["o.id_number", "o.name"], clue: { dedupKey: ["o.id_number", "o.name"], title: "t", subject: { kind: "person", name: "o.name" }, evidence: { o: ["name"] } } });
    expect((await checkRule(grouped, ctx, noRegex)).map((i) => i.path)).toEqual(["where.all[1].exists.evidence"]);
    expect(await checkRule(outpatient(["hospital", "bed_no"]), ctx, noRegex)).toEqual([{ path: "where.all[1].exists.evidence[1]", message: "数据资源“医保结算”没有字段 bed_no" }]);
  });

  it("two exists showing evidence under one alias are refused (their rows would share one key)", async () => {
    const stay = outpatient().where!;
    const r = ZRule.parse({ ...outpatient(), where: { any: [stay, stay] } });
    expect(await checkRule(r, ctx, noRegex)).toEqual([{ path: "where.any[1].all[1].exists.from.as", message: "别名 i 已用于 where.any[0].all[1].exists 的证据，输出证据的 exists 须用不同的别名" }]);
  });
});

describe("alias labels", () => {
  it("name the roles in the explanation and the evidence headers instead of dataset name and letter", () => {
    const r = outpatient();
    const { source, lines: ls } = describeRule(r, datasets);
    expect(source).toBe("数据来源：门诊结算（医保结算）");
    expect(ls.map((l) => l.text)).toContain("存在满足以下条件的 住院结算 记录：");
    expect(ls.map((l) => l.text)).toContain("门诊结算.就诊日期 晚于 住院结算.入院日期");
    expect(formatExplanation(describeRule(r, datasets))).not.toMatch(/（[a-z]）|医保结算\./);
  });

  it("label a join: 关联：后次理赔（车险理赔）", () => {
    const r = ZRule.parse({ ...model(6), from: { dataset: "insurance_claim", as: "a", label: "前次理赔" }, joins: [{ ...model(6).joins[0], label: "后次理赔" }] });
    expect(describeRule(r, datasets).lines[0].text).toBe("关联：后次理赔（车险理赔），条件（同时满足）：");
    expect(formatExplanation(describeRule(r, datasets))).toContain("后次理赔.出险日期 晚于 前次理赔.出险日期");
  });

  it("are short Chinese names: a blank-edged or over-long label is refused at its path", () => {
    const bad = ZRule.safeParse({ ...outpatient(), from: { dataset: "medical_settlement", as: "o", label: " 门诊" } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(["from", "label"]);
    expect(ZRule.safeParse({ ...outpatient(), from: { dataset: "medical_settlement", as: "o", label: "门".repeat(21) } }).success).toBe(false);
  });
});
