// Empty values, as PostgreSQL evaluates the compiled conditions: without ifEmpty a condition on an
// empty value drops the row, and so does its not; "ifEmpty" decides, and a not turns it round.
// The compiled condition runs over a few typed rows (no dataset needed: the SQL is the rule's own).
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRule } from "@/lib/rules/compile";
import { statementParams } from "@/lib/rules/params";
import { ZRule } from "@/lib/rules/schema";
import { BUILTIN_DATASETS } from "@/models/datasets";

const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };
let sql: postgres.Sql;

beforeAll(() => {
  sql = postgres(process.env.TEST_ADMIN_DATABASE_URL!, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end({ timeout: 5 });
});

/** Case 1 has a term of 6 months, case 2 of 24, case 3 none; case 3 also has no judgment date and no charge. */
const ROWS = `(values ('1', 6::bigint, '2025-01-01'::date, '2025-01-20'::date, '盗窃罪'),
                      ('2', 24::bigint, '2025-01-01'::date, '2025-03-01'::date, '诈骗罪'),
                      ('3', null::bigint, null::date, '2025-01-05'::date, null::text))
  as "j"(case_no, prison_term_months, judgment_date, effective_date, charge)`;

/** The cases (by number) a condition keeps: the compiled statement, run by PostgreSQL over ROWS. */
async function kept(where: unknown): Promise<string[]> {
  const compiled = compileRule(
    ZRule.parse({
      from: { dataset: "criminal_judgment", as: "j" },
      where,
      clue: { dedupKey: ["j.case_no"], title: "t", subject: { kind: "person", name: "j.case_no" }, evidence: { j: ["case_no"] } },
    }),
    ctx,
  );
  const text = compiled.text.replace(`from "ds"."criminal_judgment" as "j"`, `from ${ROWS}`).replace(`"j".org_id = $1`, "$1::uuid is not null");
  const params = statementParams({ orgId: "00000000-0000-0000-0000-000000000000", runDate: "2026-12-08" }, compiled.values);
  const rows = await sql.unsafe<{ subject_name: string }[]>(text, params);
  return rows.map((r) => r.subject_name).sort();
}

const lt12 = (ifEmpty?: string) => ({ field: "j.prison_term_months", op: "lt", value: 12, ...(ifEmpty ? { ifEmpty } : {}) });

describe("empty values in conditions", () => {
  it("without ifEmpty, an empty value is dropped by the condition and by its not", async () => {
    expect(await kept(lt12())).toEqual(["1"]);
    expect(await kept({ not: lt12() })).toEqual(["2"]);
  });

  it('"ifEmpty": "match" counts an empty value as meeting the condition, so its not drops it', async () => {
    expect(await kept(lt12("match"))).toEqual(["1", "3"]);
    expect(await kept({ not: lt12("match") })).toEqual(["2"]);
  });

  it('"ifEmpty": "noMatch" counts it as not meeting the condition, so its not keeps it', async () => {
    expect(await kept(lt12("noMatch"))).toEqual(["1"]);
    expect(await kept({ not: lt12("noMatch") })).toEqual(["2", "3"]);
  });

  it("holds for another field (ref), in-lists, text, ranges, months and days between", async () => {
    expect(await kept({ not: { field: "j.effective_date", op: "lt", ref: "j.judgment_date", plusDays: 30, ifEmpty: "noMatch" } })).toEqual(["2", "3"]);
    expect(await kept({ field: "j.charge", op: "notIn", values: ["盗窃罪"] })).toEqual(["2"]);
    expect(await kept({ field: "j.charge", op: "notIn", values: ["盗窃罪"], ifEmpty: "match" })).toEqual(["2", "3"]);
    expect(await kept({ not: { field: "j.charge", op: "contains", value: "盗", ifEmpty: "noMatch" } })).toEqual(["2", "3"]);
    expect(await kept({ not: { field: "j.prison_term_months", op: "between", from: 1, to: 12, ifEmpty: "noMatch" } })).toEqual(["2", "3"]);
    expect(await kept({ not: { month: "j.judgment_date", op: "eq", value: "2025-01" } })).toEqual([]);
    expect(await kept({ not: { month: "j.judgment_date", op: "eq", value: "2025-01", ifEmpty: "noMatch" } })).toEqual(["3"]);
    expect(await kept({ daysBetween: { from: "j.judgment_date", to: "j.effective_date" }, op: "lte", value: 30, ifEmpty: "match" })).toEqual(["1", "3"]);
  });
});
