// The version diff reads in Chinese: a condition changed is one entry with before and after, an
// added or removed condition is named, and the clue's settings and parameters are compared too.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { Rule } from "../rules/schema";
import { diffSummary, diffVersions } from "./diff";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const model1 = BUILTIN_MODELS.find((m) => m.number === 1)!.rule;
const copy = (rule: Rule): Rule => structuredClone(rule);
const conditions = (rule: Rule) => (rule.where as { all: unknown[] }).all;

describe("diffVersions", () => {
  it("two equal versions: no change", () => {
    const diff = diffVersions(model1, copy(model1), datasets);
    expect(diff.identical).toBe(true);
    expect(diff.lines.every((l) => l.op === "same")).toBe(true);
    expect(diffSummary(diff)).toBe("两个版本的规则相同");
  });

  it("a changed threshold is one condition changed, before and after in words", () => {
    const after = copy(model1);
    conditions(after)[2] = { field: "j.effective_date", op: "lt", value: { runDate: { minusDays: 45 } } };
    const diff = diffVersions(model1, after, datasets);
    expect(diff.changes).toEqual([{ kind: "changed", section: "条件", before: expect.stringContaining("运行日前 30 日"), after: expect.stringContaining("运行日前 45 日") }]);
    expect(diff.lines.filter((l) => l.op !== "same").map((l) => l.op)).toEqual(["removed", "added"]);
    expect(diffSummary(diff)).toBe("新增 0 处，删除 0 处，修改 1 处");
  });

  it("names an added and a removed condition", () => {
    const after = copy(model1);
    conditions(after).splice(1, 1);
    conditions(after).push({ field: "j.court", op: "contains", value: "临江" });
    const diff = diffVersions(model1, after, datasets);
    expect(diff.changes).toEqual([
      { kind: "removed", section: "条件", before: expect.stringContaining("审前") },
      { kind: "added", section: "条件", after: expect.stringContaining("临江") },
    ]);
  });

  it("compares the clue's settings and the parameters", () => {
    const after = copy(model1);
    after.clue.title = "{j.defendant_name}未交付执行";
    after.params = { ...after.params, minTermMonths: { type: "integer", default: 6, min: 1, max: 120, label: "最低刑期（月）" } };
    const diff = diffVersions(model1, after, datasets);
    expect(diff.changes).toContainEqual({ kind: "changed", section: "线索", before: `线索标题：${model1.clue.title}`, after: "线索标题：{j.defendant_name}未交付执行" });
    expect(diff.changes).toContainEqual({ kind: "added", section: "参数", after: "最低刑期（月）：整数，默认 6，范围 1—120（minTermMonths）" });
    const later = copy(model1);
    later.params = { graceDays: { type: "integer", default: 45, min: 1, max: 365, label: "交付执行宽限天数" } };
    // The condition that uses the parameter reads its new default too.
    expect(diffVersions(model1, later, datasets).changes).toEqual([
      { kind: "changed", section: "条件", before: expect.stringContaining("运行日前 30 日（交付执行宽限天数）"), after: expect.stringContaining("运行日前 45 日（交付执行宽限天数）") },
      { kind: "changed", section: "参数", before: "交付执行宽限天数：整数，默认 30，范围 1—365（graceDays）", after: "交付执行宽限天数：整数，默认 45，范围 1—365（graceDays）" },
    ]);
  });

  it("masks an ID number a condition quotes", () => {
    const after = copy(model1);
    conditions(after).push({ field: "j.id_number", op: "ne", value: "110101199003074514" });
    const diff = diffVersions(model1, after, datasets);
    expect(JSON.stringify(diff)).not.toContain("110101199003074514");
  });
});
