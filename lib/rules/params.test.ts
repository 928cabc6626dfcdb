import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import { runStatement } from "../runs/statement";
import { compileRule } from "./compile";
import { callerParam, describeParams, MAX_RULE_VALUES, ruleValueParam, statementParams } from "./params";

const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };
const scope = { orgId: "00000000-0000-4000-8000-000000000001", runDate: "2026-11-01" };

/** Every $n a statement text names, as numbers. */
function placeholders(text: string): Set<number> {
  return new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}

describe("the statement parameter contract", () => {
  it("puts the org first, the run date second, the rule's values next and the caller's last", () => {
    expect(statementParams(scope, ["实刑", false], [50])).toEqual([scope.orgId, "2026-11-01", "实刑", false, 50]);
    expect(ruleValueParam(0)).toBe("$3");
    expect(callerParam(2, 0)).toBe("$5");
    expect(MAX_RULE_VALUES + 3).toBe(65_535);
  });

  it("reads as the command line prints it", () => {
    expect(describeParams(statementParams(scope, ["实刑", ["a", "b"]]))).toBe(`$1 = "${scope.orgId}"，$2 = "2026-11-01"，$3 = "实刑"，$4 = ["a","b"]`);
  });

  it.each(BUILTIN_MODELS.map((m) => [m.number, m] as const))("model %i: its compiled and run statements name exactly the parameters the array holds", (_, model) => {
    const compiled = compileRule(model.rule, ctx);
    const params = statementParams(scope, compiled.values);
    expect(placeholders(compiled.text)).toEqual(new Set(params.map((_, i) => i + 1)));

    const run = runStatement(compiled, { ...scope, modelId: "m", modelVersionId: "v", runId: "r", ordinal: 1, subjectKind: "person", businessLine: "criminal" });
    expect(run.params.slice(0, params.length)).toEqual(params);
    expect(placeholders(run.text)).toEqual(new Set(run.params.map((_, i) => i + 1)));
  });
});
