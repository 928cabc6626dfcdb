// What the no-code builder reads about the whole rule (RULE_META): the condition kinds, and the
// rule-level constructs — the rule's own keys, joins, aggregates, group conditions (having) and the
// clue's aggregates — each input with a kind the builder can render and Chinese labels.
import { describe, expect, it } from "vitest";
import { NODE_META } from "./index";
import { RULE_META } from "./meta";
import type { NodeMeta } from "./types";

const CHINESE = /[\u4e00-\u9fff]/;
const input = (meta: NodeMeta, name: string) => meta.inputs.find((i) => i.name === name);

describe("RULE_META", () => {
  it("holds the condition kinds as they are registered", () => {
    expect(RULE_META.conditions).toBe(NODE_META);
  });

  it("names the rule's own keys, each with what the builder offers there", () => {
    expect(RULE_META.rule.inputs.map((i) => [i.name, i.kind])).toEqual([
      ["params", "params"],
      ["from", "source"],
      ["joins", "joins"],
      ["where", "condition"],
      ["groupBy", "fields"],
      ["having", "groupCondition"],
      ["window", "window"],
      ["clue", "clue"],
    ]);
  });

  it("a join: the dataset, its alias, inner or left as a choice with Chinese labels, and its condition", () => {
    const { join } = RULE_META;
    expect(join.inputs.map((i) => [i.name, i.kind])).toEqual([
      ["dataset", "dataset"],
      ["as", "alias"],
      ["label", "text"],
      ["type", "choice"],
      ["on", "condition"],
    ]);
    expect(input(join, "type")!.choices).toEqual([
      { value: "inner", label: "须有匹配记录" },
      { value: "left", label: "可无匹配记录" },
    ]);
  });

  it("aggregates: the function as a choice (list only among the clue's), a field, a filter", () => {
    expect(input(RULE_META.aggregate, "fn")!.choices!.map((c) => c.value)).toEqual(["count", "countDistinct", "sum", "min", "max"]);
    expect(input(RULE_META.clueAggregate, "fn")!.choices!.map((c) => c.value)).toEqual(["count", "countDistinct", "sum", "min", "max", "list"]);
    expect(input(RULE_META.aggregate, "where")!.kind).toBe("condition");
  });

  it("group conditions: an aggregate against a number or a multiple of another aggregate, and their all / any", () => {
    expect(RULE_META.having.inputs.map((i) => [i.name, i.kind])).toEqual([
      ["aggregate", "aggregate"],
      ["op", "choice"],
      ["value", "number"],
      ["times", "number"],
      ["of", "aggregate"],
    ]);
    expect(input(RULE_META.having, "op")!.choices!.map((c) => c.label)).toEqual(["=", "≠", "<", "≤", ">", "≥"]);
    expect(RULE_META.havingGroups.map((m) => [m.kind, m.label, m.inputs[0].kind])).toEqual([
      ["all", "同时满足", "groupConditions"],
      ["any", "满足其一", "groupConditions"],
    ]);
  });

  it("every construct and input is labelled in Chinese, and every choice lists its values", () => {
    const all = [RULE_META.rule, RULE_META.join, RULE_META.aggregate, RULE_META.clueAggregate, RULE_META.having, ...RULE_META.havingGroups, ...RULE_META.conditions];
    for (const meta of all) {
      expect(meta.label, meta.kind).toMatch(CHINESE);
      for (const i of meta.inputs) {
        expect(i.label, `${meta.kind}.${i.name}`).toMatch(CHINESE);
        if (i.kind === "choice") expect(i.choices?.length, `${meta.kind}.${i.name}`).toBeGreaterThan(1);
        for (const c of i.choices ?? []) expect(c.label, `${meta.kind}.${i.name}.${c.value}`).toMatch(/[\u4e00-\u9fff=≠<>≤≥]/);
      }
    }
  });
});
