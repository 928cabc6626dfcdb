// ifEmpty, golden: the JSON → the SQL (the kind's own, made two-valued), the Chinese (what an empty
// value counts as, also under not), the builder's input. What PostgreSQL makes of it:
// tests/integration/rule-if-empty.test.ts.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { compileRule } from "../compile";
import { describeRule } from "../describe";
import { parseRule, ZRule } from "../schema";
import { NODE_META } from "./index";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const rule = (where: unknown) => ({
  from: { dataset: "criminal_judgment", as: "j" },
  where,
  clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
});
const sqlOf = (where: unknown) => {
  const { text } = compileRule(ZRule.parse(rule(where)), { datasets, granted: null });
  return text.slice(text.indexOf("  and ") + 6);
};
const linesOf = (where: unknown) => describeRule(ZRule.parse(rule(where)), datasets).lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`);

describe("ifEmpty", () => {
  it("leaves a condition without it as it was", () => {
    expect(sqlOf({ field: "j.prison_term_months", op: "lt", value: 12 })).toBe(`"j"."prison_term_months" < $3::bigint`);
    expect(linesOf({ field: "j.prison_term_months", op: "lt", value: 12 })).toEqual(["条件：刑事判决.刑期（月） 小于 12"]);
  });

  it("match: an empty value meets the condition (coalesce … true), said in the line", () => {
    const where = { not: { field: "j.prison_term_months", op: "lt", value: 12, ifEmpty: "match" } };
    expect(sqlOf(where)).toBe(`(not coalesce(("j"."prison_term_months" < $3::bigint), true))`);
    expect(linesOf(where)).toEqual(["条件：", "  不满足：刑事判决.刑期（月） 小于 12（为空时视为满足）"]);
  });

  it("noMatch: an empty value does not (coalesce … false), in every kind that reads a value", () => {
    expect(sqlOf({ field: "j.charge", op: "in", values: ["盗窃罪"], ifEmpty: "noMatch" })).toBe(`coalesce(("j"."charge" = any($3::text[])), false)`);
    expect(sqlOf({ field: "j.court", op: "contains", value: "东城", ifEmpty: "noMatch" })).toBe(`coalesce((strpos("j"."court", $3::text) > 0), false)`);
    expect(sqlOf({ field: "j.prison_term_months", op: "between", from: 1, to: 12, ifEmpty: "noMatch" })).toBe(`coalesce(("j"."prison_term_months" between $3::bigint and $4::bigint), false)`);
    const days = { daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "gt", value: 15, ifEmpty: "noMatch" };
    expect(linesOf({ any: [days, { field: "j.court", op: "isNull" }] })).toEqual([
      "条件（满足其一）：",
      "  自 刑事判决.判决日期 至 刑事判决.生效日期 的天数超过 15 日（为空时视为不满足）",
      "  刑事判决.审判法院 为空",
    ]);
  });

  it("is offered by the builder where it applies, refused where it means nothing", () => {
    const takers = NODE_META.filter((m) => m.inputs.some((i) => i.name === "ifEmpty")).map((m) => m.kind);
    expect(takers).toEqual(["daysBetween", "month", "comparison", "inList", "textMatch", "range"]);
    const input = NODE_META.find((m) => m.kind === "comparison")!.inputs.find((i) => i.name === "ifEmpty")!;
    expect(input.choices).toEqual([
      { value: "match", label: "为空时视为满足" },
      { value: "noMatch", label: "为空时视为不满足" },
    ]);
    expect(parseRule(rule({ field: "j.court", op: "isNull", ifEmpty: "match" })).issues).toEqual([{ path: "where", message: "未知的键 “ifEmpty”，此处可用：field、op" }]);
    expect(parseRule(rule({ field: "j.court", op: "eq", value: "a", ifEmpty: "yes" })).issues).toEqual([{ path: "where.ifEmpty", message: "应为以下之一：match、noMatch" }]);
  });
});
