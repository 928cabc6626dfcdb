// Property tests for the rule language: random valid rule trees over the built-in catalog pass the
// checker, compile, and execute in Postgres without error; random invalid ones are rejected by the
// checker with a path — never by a database error.
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { orgs } from "@/db/schema";
import type { DatasetDefinition, DatasetField } from "@/lib/datasets/definition";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { checkRule } from "@/lib/rules/check";
import { compileRule } from "@/lib/rules/compile";
import { statementParams } from "@/lib/rules/params";
import { postgresRegexProblems } from "@/lib/rules/regex";
import { ZRule, type Condition } from "@/lib/rules/schema";
import { BUILTIN_DATASETS } from "@/models/datasets";
import type { TestDatabase } from "../helpers/db";
import { setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let orgId: string;
const catalog = new Map(BUILTIN_DATASETS.map((d) => [d.key, d]));
const ctx = { datasets: catalog, granted: null };
const judgment = catalog.get("criminal_judgment")!;
const admission = catalog.get("prison_admission")!;

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  orgId = province.id;
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
});
afterAll(async () => {
  await database.drop();
});

// Text full of what breaks naive SQL building.
const hostileText = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("'", "';--", "$1", "\\", "%_", "实刑", "a\"b", "🙂", "; drop table users"));
const isoDate = fc.date({ min: new Date("1950-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

function valueFor(field: DatasetField): fc.Arbitrary<unknown> {
  switch (field.type) {
    case "text":
      return hostileText;
    case "integer":
      return fc.integer({ min: -1000, max: 100000 });
    case "numeric":
      return fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    default:
      return fc.oneof(isoDate, fc.record({ runDate: fc.record({ minusDays: fc.integer({ min: 0, max: 3650 }) }) }));
  }
}

/** A valid leaf condition on one alias's dataset. */
function leaf(alias: string, def: DatasetDefinition): fc.Arbitrary<Condition> {
  return fc.constantFrom(...def.fields).chain((field): fc.Arbitrary<Condition> => {
    const ref = `${alias}.${field.name}`;
    const ops: fc.Arbitrary<Condition>[] = [
      fc.constantFrom("isNull", "isNotNull").map((op) => ({ field: ref, op }) as Condition),
      valueFor(field).map((value) => ({ field: ref, op: "eq", value }) as Condition),
      fc.array(valueFor(field).filter((v) => typeof v !== "object"), { minLength: 1, maxLength: 4 }).map((values) => ({ field: ref, op: "notIn", values }) as Condition),
    ];
    if (field.type !== "boolean" && field.type !== "text") ops.push(valueFor(field).map((value) => ({ field: ref, op: "gte", value }) as Condition));
    if (field.type === "text") ops.push(hostileText.filter((s) => s.length > 0).map((value) => ({ field: ref, op: "contains", value }) as Condition));
    return fc.oneof(...ops);
  });
}

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf("j", judgment),
    fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie("c"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie("c").map((not) => ({ not })),
    fc.tuple(leaf("p", admission), fc.boolean()).map(([inner, negate]): Condition => {
      const where: Condition = { all: [{ field: "p.id_number", op: "eq", ref: "j.id_number" }, inner] };
      const from = { dataset: "prison_admission", as: "p" };
      return negate ? { notExists: { from, where } } : { exists: { from, where } };
    }),
  ),
})).c;

const clue = { dedupKey: ["j.case_no", "j.id_number"], title: "{j.defendant_name}（{j.case_no}）", subject: { kind: "person", name: "j.defendant_name", idNumber: "j.id_number" }, evidence: { j: ["case_no"] } };

describe("random rules", () => {
  it("valid trees pass the checker, compile and run in Postgres", async () => {
    await fc.assert(
      fc.asyncProperty(condition, async (where) => {
        const rule = ZRule.parse({ from: { dataset: "criminal_judgment", as: "j" }, where, clue });
        expect(await checkRule(rule, ctx, postgresRegexProblems)).toEqual([]);
        const compiled = compileRule(rule, ctx);
        await getSql().unsafe(compiled.text, statementParams({ orgId, runDate: "2026-11-01" }, compiled.values));
      }),
      { numRuns: 120 },
    );
  });

  it("invalid trees are refused by the checker with a path, never by the database", async () => {
    const broken = fc.oneof(
      fc.string({ minLength: 1, maxLength: 10 }).filter((s) => /^[a-z][a-z0-9_]*$/.test(s) && !judgment.fields.some((f) => f.name === s)).map((name): Condition => ({ field: `j.${name}`, op: "isNull" })),
      fc.constantFrom(...judgment.fields.filter((f) => f.type === "date")).chain((f) => hostileText.filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)).map((value): Condition => ({ field: `j.${f.name}`, op: "eq", value }))),
      fc.constantFrom(...judgment.fields.filter((f) => f.type === "text")).map((f): Condition => ({ field: `j.${f.name}`, op: "gt", value: 5 })),
    );
    await fc.assert(
      fc.asyncProperty(condition, broken, fc.boolean(), async (valid, bad, first) => {
        const rule = ZRule.parse({ from: { dataset: "criminal_judgment", as: "j" }, where: { all: first ? [bad, valid] : [valid, bad] }, clue });
        const issues = await checkRule(rule, ctx, postgresRegexProblems);
        expect(issues.length).toBeGreaterThan(0);
        expect(issues.every((i) => i.path.startsWith("where.all[") && i.message.length > 0)).toBe(true);
      }),
      { numRuns: 120 },
    );
  });
});
