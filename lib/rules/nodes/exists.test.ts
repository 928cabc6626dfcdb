// Conditions over several datasets: `any` of `exists` ("found in one register or the other") and
// its not ("found in neither"), golden — JSON → SQL, Chinese, no checker issue. No new construct:
// the pattern docs/rules.md documents under “跨数据资源的条件”.
import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { checkRule } from "../check";
import { compileRule } from "../compile";
import { describeRule } from "../describe";
import { ZRule } from "../schema";

const datasets = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets, granted: null };
const rule = (where: unknown) =>
  ZRule.parse({
    from: { dataset: "criminal_judgment", as: "j" },
    where,
    clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
  });

/** Sentenced to prison and delivered: admitted to a prison after the judgment, or under community correction since. */
const EITHER = {
  any: [
    { exists: { from: { dataset: "prison_admission", as: "p" }, where: { all: [{ field: "p.id_number", op: "eq", ref: "j.id_number" }, { field: "p.admission_date", op: "gte", ref: "j.effective_date" }] } } },
    { exists: { from: { dataset: "community_correction", as: "c" }, where: { all: [{ field: "c.id_number", op: "eq", ref: "j.id_number" }, { field: "c.start_date", op: "gte", ref: "j.effective_date" }] } } },
  ],
};

describe("any of exists: conditions over several datasets", () => {
  it("compiles to one or of correlated exists, each limited to the org", () => {
    const { text } = compileRule(rule(EITHER), ctx);
    expect(text.slice(text.indexOf("  and ") + 6)).toBe(
      `(exists (select 1 from "ds"."prison_admission" as "p" where "p".org_id = $1 and ("p"."id_number" = "j"."id_number" and "p"."admission_date" >= "j"."effective_date"))` +
        ` or exists (select 1 from "ds"."community_correction" as "c" where "c".org_id = $1 and ("c"."id_number" = "j"."id_number" and "c"."start_date" >= "j"."effective_date")))`,
    );
  });

  it("reads as one of two registers, and its not as neither", async () => {
    const registers = [
      "存在满足以下条件的 监狱收押 记录：",
      "  监狱收押.身份证号 等于 刑事判决.身份证号",
      "  监狱收押.收押日期 不早于 刑事判决.生效日期",
      "存在满足以下条件的 社区矫正人员 记录：",
      "  社区矫正人员.身份证号 等于 刑事判决.身份证号",
      "  社区矫正人员.矫正开始日期 不早于 刑事判决.生效日期",
    ];
    const indented = (depth: number) => registers.map((l) => `${"  ".repeat(depth)}${l}`);
    expect(describeRule(rule(EITHER), datasets).lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`)).toEqual(["条件（满足其一）：", ...indented(1)]);
    const neither = { all: [{ field: "j.sentence_type", op: "eq", value: "实刑" }, { not: EITHER }] };
    expect(describeRule(rule(neither), datasets).lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`)).toEqual([
      "条件（同时满足）：",
      "  刑事判决.刑罚类型 等于 “实刑”",
      "  不满足以下条件：",
      "    满足以下条件之一：",
      ...indented(3),
    ]);
    expect(await checkRule(rule(neither), ctx, async () => new Map())).toEqual([]);
    expect(await checkRule(rule(EITHER), ctx, async () => new Map())).toEqual([]);
  });
});
