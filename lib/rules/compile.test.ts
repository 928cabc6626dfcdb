import { describe, expect, it } from "vitest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import { compileRule } from "./compile";
import { ZRule } from "./schema";

const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };

describe("compileRule", () => {
  it("compiles model 1 to one statement scoped to the org, with every literal bound", () => {
    const compiled = compileRule(BUILTIN_MODELS.find((m) => m.number === 1)!.rule, ctx);
    expect(compiled.text).toBe(
      [
        `select jsonb_build_array("j"."case_no", "j"."id_number")::text as dedup_key,`,
        `       concat(coalesce("j"."defendant_name"::text, ''), $6::text, coalesce("j"."case_no"::text, ''), $7::text) as title,`,
        `       "j"."defendant_name"::text as subject_name,`,
        `       "j"."id_number"::text as subject_id,`,
        `       jsonb_build_object('j', jsonb_build_object('case_no', "j"."case_no", 'court', "j"."court", 'charge', "j"."charge", 'sentence_type', "j"."sentence_type", 'prison_term_months', "j"."prison_term_months", 'detained_before_trial', "j"."detained_before_trial", 'effective_date', "j"."effective_date", 'id_number', "j"."id_number")) as evidence,`,
        `       $2::date as run_date`,
        `from "ds"."criminal_judgment" as "j"`,
        `where "j".org_id = $1`,
        `  and ("j"."sentence_type" = $3::text and "j"."detained_before_trial" = $4::boolean and "j"."effective_date" < ($2::date - $5::integer) and not exists (select 1 from "ds"."prison_admission" as "p" where "p".org_id = $1 and ("p"."id_number" = "j"."id_number" and "p"."admission_date" >= "j"."effective_date")))`,
      ].join("\n"),
    );
    // The grace days are a parameter (graceDays, default 30): bound like every literal.
    expect(compiled.values).toEqual(["实刑", false, 30, "判处实刑未交付执行（", "）"]);
  });

  it("keeps hostile values as data: quotes, semicolons, comments and $1 never reach the SQL text", () => {
    const hostile = "'; drop table users; -- $1 \\";
    const rule = ZRule.parse({
      from: { dataset: "criminal_judgment", as: "j" },
      where: { any: [{ field: "j.court", op: "contains", value: hostile }, { field: "j.charge", op: "in", values: [hostile, "盗窃罪"] }] },
      clue: { dedupKey: ["j.case_no"], title: `${hostile}{j.case_no}`, subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
    });
    const compiled = compileRule(rule, ctx);
    expect(compiled.text).not.toContain("drop table");
    expect(compiled.values).toEqual([hostile, [hostile, "盗窃罪"], hostile]);
  });

  it("compiles date arithmetic, ranges, null checks and text matches", () => {
    const rule = ZRule.parse({
      from: { dataset: "insurance_claim", as: "a" },
      joins: [{ dataset: "insurance_claim", as: "b", on: { all: [{ field: "b.plate_no", op: "eq", ref: "a.plate_no" }, { field: "b.accident_date", op: "lte", ref: "a.accident_date", plusDays: 30 }] } }],
      where: { all: [{ daysBetween: { from: "a.accident_date", to: "b.accident_date" }, op: "gt", value: 0 }, { field: "a.amount", op: "between", from: 1000, to: 50000 }, { field: "a.driver_id", op: "isNotNull" }, { field: "a.plate_no", op: "startsWith", value: "江A" }] },
      clue: { dedupKey: ["a.claim_no", "b.claim_no"], title: "{a.plate_no}", subject: { kind: "person", name: "a.insured_name" }, evidence: { a: ["claim_no"], b: ["claim_no"] } },
    });
    const { text } = compileRule(rule, ctx);
    expect(text).toContain(`join "ds"."insurance_claim" as "b" on "b".org_id = $1 and ("b"."plate_no" = "a"."plate_no" and "b"."accident_date" <= ("a"."accident_date" + 30))`);
    expect(text).toContain(`(("b"."accident_date")::date - ("a"."accident_date")::date) > $3::integer`);
    expect(text).toContain(`"a"."amount" between $4::numeric and $5::numeric`);
    expect(text).toContain(`starts_with("a"."plate_no", $6::text)`);
  });
});

describe("compileRule, construct by construct", () => {
  const where = (condition: unknown): string => {
    const rule = ZRule.parse({
      from: { dataset: "criminal_judgment", as: "j" },
      where: condition,
      clue: { dedupKey: ["j.case_no", "j.id_number"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } },
    });
    const text = compileRule(rule, ctx).text;
    return text.slice(text.indexOf("  and ") + 6);
  };

  it.each([
    [{ field: "j.charge", op: "in", values: ["盗窃罪", "诈骗罪"] }, `"j"."charge" = any($3::text[])`],
    [{ field: "j.prison_term_months", op: "notIn", values: [1, 2] }, `not ("j"."prison_term_months" = any($3::text[]::bigint[]))`],
    [{ field: "j.effective_date", op: "isNull" }, `"j"."effective_date" is null`],
    [{ field: "j.case_no", op: "matches", value: "刑初\\d+号" }, `"j"."case_no" ~ $3::text`],
    [{ not: { field: "j.detained_before_trial", op: "eq", value: true } }, `(not "j"."detained_before_trial" = $3::boolean)`],
    [{ any: [{ field: "j.court", op: "contains", value: "东城" }, { field: "j.judgment_date", op: "gte", value: "2025-01-01" }] }, `(strpos("j"."court", $3::text) > 0 or "j"."judgment_date" >= $4::date)`],
    [{ exists: { from: { dataset: "prison_admission", as: "p" }, where: { field: "p.admission_date", op: "lte", ref: "j.effective_date", minusDays: 7 } } }, `exists (select 1 from "ds"."prison_admission" as "p" where "p".org_id = $1 and "p"."admission_date" <= ("j"."effective_date" - 7))`],
    [{ field: "j.judgment_date", op: "between", from: { runDate: { minusDays: 365 } }, to: { runDate: {} } }, `"j"."judgment_date" between ($2::date - 365) and $2::date`],
  ])("%j", (condition, expected) => {
    expect(where(condition)).toBe(expected);
  });

  it("compiles group by, having with a multiple of another aggregate, and aggregate evidence", () => {
    const { text, values } = compileRule(BUILTIN_MODELS.find((m) => m.number === 4)!.rule, ctx);
    expect(text).toContain(`group by "c"."plaintiff_id", "c"."plaintiff_name"`);
    expect(text).toContain(`having (count(*) >= $`);
    expect(text).toMatch(/count\(\*\) filter \(where "c"\."closing_method" = any\(\$\d+::text\[\]\)\) >= \$\d+::numeric \* count\(\*\)\)/);
    expect(text).toContain(`'aggregates', jsonb_build_object('suits', count(*), 'cases', to_jsonb(array_agg(distinct "c"."case_no"))`);
    expect(values).toContain(0.6);
  });
});
