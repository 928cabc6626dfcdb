import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import { checkRule, type RegexValidator, type RuleContext } from "./check";
import { ZRule, type RuleInput } from "./schema";

const catalog = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const all: RuleContext = { datasets: catalog, granted: null };
const model1 = BUILTIN_MODELS.find((m) => m.number === 1)!;

// These rules hold no regular expression; PostgreSQL's verdict on one is tested against the database
// (tests/integration/bad-input.test.ts).
const noRegexHere: RegexValidator = async (patterns) => {
  if (patterns.length > 0) throw new Error("unit rules hold no regular expression");
  return new Map();
};

function check(rule: RuleInput, ctx: RuleContext = all) {
  return checkRule(ZRule.parse(rule), ctx, noRegexHere);
}

describe("checkRule", () => {
  it("accepts the built-in models", async () => {
    for (const model of BUILTIN_MODELS) expect(await check(model.rule), model.name).toEqual([]);
  });

  it("points at the node of each problem, in Chinese, and reports them all", async () => {
    const rule = structuredClone(model1.rule) as RuleInput & { where: { all: unknown[] } };
    rule.where.all[3] = {
      notExists: {
        from: { dataset: "prison_admission", as: "p" },
        where: { all: [{ field: "p.id_nmber", op: "eq", ref: "j.id_number" }, { field: "p.admission_date", op: "gte", value: "明天" }] },
      },
    };
    rule.where.all.push({ field: "j.prison_term_months", op: "contains", value: "年" });
    expect(await check(rule)).toEqual([
      { path: "where.all[3].notExists.where.all[0].field", message: "数据资源“监狱收押”没有字段 id_nmber" },
      { path: "where.all[3].notExists.where.all[1].value", message: "字段 admission_date 是日期，不能与文本比较" },
      { path: "where.all[4].op", message: "字段 prison_term_months 是整数，不能做文本匹配" },
    ]);
  });

  it("refuses a dataset the org holds no live grant for", async () => {
    const issues = await check(model1.rule, { datasets: catalog, granted: new Set(["criminal_judgment"]) });
    expect(issues).toEqual([{ path: "where.all[3].notExists.from.dataset", message: "数据资源“监狱收押”（prison_admission）未获本院授权，请先提交数据申请" }]);
  });

  it("refuses unknown datasets and aliases, mismatched fields and bad clue references", async () => {
    const issues = await check({
      from: { dataset: "no_such", as: "x" },
      where: { field: "y.a", op: "isNull" },
      clue: { dedupKey: ["x.id"], title: "{x.name}", subject: { kind: "person", name: "x.name" }, evidence: { x: ["name"] } },
    });
    expect(issues.map((i) => i.path)).toEqual(["from.dataset", "where.field", "clue.dedupKey[0]", "clue.title", "clue.subject.name", "clue.evidence.x[0]"]);
    const mixed = await check({
      from: { dataset: "criminal_judgment", as: "j" },
      where: { field: "j.effective_date", op: "eq", ref: "j.case_no" },
      clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
    });
    expect(mixed).toEqual([{ path: "where.ref", message: "字段 effective_date 是日期，不能与文本字段 j.case_no 比较" }]);
  });
});

describe("grouped rules", () => {
  const model4 = BUILTIN_MODELS.find((m) => m.number === 4)!;

  it("lets the clue name only grouping fields and checks aggregates", async () => {
    const rule = structuredClone(model4.rule) as RuleInput & { clue: { title: string; aggregates: Record<string, unknown> } };
    rule.clue.title = "{c.case_no}";
    rule.clue.aggregates = { total: { fn: "sum", field: "c.court" } };
    expect(await check(rule)).toEqual([
      { path: "clue.aggregates.total.field", message: "字段 c.court 是文本，不能求和" },
      { path: "clue.title", message: "分组规则中，线索只能引用分组字段（c.plaintiff_id、c.plaintiff_name）或聚合，不能引用 c.case_no" },
    ]);
  });

  it("refuses having without groupBy at parse time", async () => {
    const { groupBy: _drop, ...rest } = model4.rule;
    void _drop;
    expect(ZRule.safeParse(rest).success).toBe(false);
  });
});

describe("dedup key", () => {
  it("must hold the subject's business key, and a joined dataset's unless the join pins it", async () => {
    const base = BUILTIN_MODELS.find((m) => m.number === 3)!.rule as RuleInput;
    expect(await check(base)).toEqual([]);
    expect(await check({ ...base, clue: { ...base.clue, dedupKey: ["c.court"] } })).toEqual([
      { path: "clue.dedupKey", message: "去重键不能唯一标识一条命中：缺少 c.case_no（数据资源“民事案件”的业务主键）" },
    ]);
    const looseJoin = { ...base, joins: [{ dataset: "company_registry", as: "r", on: { field: "r.status", op: "eq", value: "存续" } }] } as RuleInput;
    expect((await check(looseJoin)).map((i) => i.message)).toEqual(["去重键不能唯一标识一条命中：缺少 r.credit_code（数据资源“企业登记”的业务主键）"]);
  });
});
