// Calendar-month conditions as PostgreSQL runs them: every op against the month of another date
// (± months), of the run date (± months) and a written month, over dates and instants around month
// ends, in three session time zones — each answer equal to the China-calendar arithmetic of
// lib/calendar/china-date.ts. (The SQL text itself is golden-tested in lib/rules/nodes/month.test.ts.)
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addMonths, addMonthsToDay, chinaDay, firstDayOfMonth, lastDayOfMonth, monthOf } from "@/lib/calendar/china-date";
import { ZDatasetDefinition, type DatasetDefinition } from "@/lib/datasets/definition";
import { compileRule } from "@/lib/rules/compile";
import { callerParam, statementParams } from "@/lib/rules/params";
import { ZRule } from "@/lib/rules/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const DATASET: DatasetDefinition = ZDatasetDefinition.parse({
  key: "m",
  name: "月份测试",
  agency: "other",
  businessLine: "criminal",
  description: "",
  fields: [
    { name: "no", label: "编号", type: "integer", pii: "none", required: true, nonNegative: false },
    { name: "d", label: "日期", type: "date", pii: "none", required: false, nonNegative: false },
    { name: "e", label: "另一日期", type: "date", pii: "none", required: false, nonNegative: false },
    { name: "at", label: "时刻", type: "timestamp", pii: "none", required: false, nonNegative: false },
  ],
  businessKey: ["no"],
});
const ctx = { datasets: new Map([["m", DATASET]]), granted: null };

const RUN_DATE = "2026-03-31";
// Month ends, leap days and a year end; instants either side of China's midnight (16:00 UTC).
const DAYS = ["2024-02-29", "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-31", "2026-04-01", "2026-12-31", "2027-01-01", null];
const INSTANTS = ["2026-03-31T15:59:59Z", "2026-03-31T16:00:00Z", "2026-02-28T16:30:00Z", "2026-12-31T15:00:00Z", "2026-12-31T16:00:00Z", null];

interface Row {
  id: number;
  d: string | null;
  e: string | null;
  at: string | null;
}
const ROWS: Row[] = DAYS.flatMap((d, i) => DAYS.map((e, j) => ({ id: i * 100 + j, d, e, at: INSTANTS[(i + j) % INSTANTS.length] })));

const OPS = ["eq", "ne", "lt", "lte", "gt", "gte"] as const;
type Op = (typeof OPS)[number];
const HOLDS: Record<Op, (a: string, b: string) => boolean> = {
  eq: (a, b) => a === b, ne: (a, b) => a !== b, lt: (a, b) => a < b, lte: (a, b) => a <= b, gt: (a, b) => a > b, gte: (a, b) => a >= b,
};

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** The ids of ROWS the condition keeps, run by PostgreSQL in the given session time zone. */
async function run(zone: string, where: unknown): Promise<number[]> {
  const rule = ZRule.parse({ from: { dataset: "m", as: "m" }, where, clue: { dedupKey: ["m.no"], title: "t", subject: { kind: "person", name: "m.no" }, evidence: { m: ["no"] } } });
  const compiled = compileRule(rule, ctx);
  const n = compiled.values.length;
  const types = ["int", "date", "date", "timestamptz"];
  const table = `unnest(${types.map((t, i) => `${callerParam(n, i)}::${t}[]`).join(", ")}) as "m"(no, d, e, at)`;
  // The compiled statement itself, reading the rows from the parameters instead of the org's table.
  const text = compiled.text.replace(`"ds"."m" as "m"`, table).replace(`"m".org_id = $1`, "$1::text is not null");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`set time zone '${zone}'`);
    const params = statementParams({ orgId: "x", runDate: RUN_DATE }, compiled.values, [
      ROWS.map((r) => r.id),
      ROWS.map((r) => r.d) as string[],
      ROWS.map((r) => r.e) as string[],
      ROWS.map((r) => r.at) as string[],
    ]);
    const rows = await sql.unsafe<{ dedup_key: string }[]>(text, params as never[]);
    return rows.map((r) => (JSON.parse(r.dedup_key) as number[])[0]).sort((a, b) => a - b);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** What China's calendar says: the rows whose month of `field` stands in `op` to `target(row)`. */
function expected(field: "d" | "at", op: Op, target: (r: Row) => string | null): number[] {
  return ROWS.filter((r) => {
    const v = r[field];
    const t = target(r);
    if (v === null || t === null) return false;
    return HOLDS[op](monthOf(field === "at" ? chinaDay(new Date(v)) : v), t);
  }).map((r) => r.id);
}

describe("calendar months in PostgreSQL", () => {
  for (const zone of ["Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati"]) {
    it(`every op, against another date ± months, the run date ± months and a written month (session zone ${zone})`, async () => {
      for (const op of OPS) {
        for (const shift of [0, 1, -2]) {
          const ref = shift === 0 ? {} : shift > 0 ? { plusMonths: shift } : { minusMonths: -shift };
          expect(await run(zone, { month: "m.d", op, ref: "m.e", ...ref }), `${op} ref ${shift}`).toEqual(expected("d", op, (r) => (r.e === null ? null : addMonths(monthOf(r.e), shift))));
          const runDate = shift === 0 ? {} : shift > 0 ? { plusMonths: shift } : { minusMonths: -shift };
          expect(await run(zone, { month: "m.d", op, value: { runDate } }), `${op} runDate ${shift}`).toEqual(expected("d", op, () => addMonths(monthOf(RUN_DATE), shift)));
        }
        expect(await run(zone, { month: "m.d", op, value: "2026-02" }), `${op} 2026-02`).toEqual(expected("d", op, () => "2026-02"));
        expect(await run(zone, { month: "m.at", op, ref: "m.e" }), `${op} timestamp`).toEqual(expected("at", op, (r) => (r.e === null ? null : monthOf(r.e))));
        expect(await run(zone, { month: "m.at", op, value: { runDate: {} } }), `${op} timestamp runDate`).toEqual(expected("at", op, () => monthOf(RUN_DATE)));
      }
    });
  }

  /** The run date moved by months, snapped to the first or last day of that month, then by days — in JavaScript. */
  function runDateDay(r: { plusMonths?: number; minusMonths?: number; day?: "first" | "last"; plusDays?: number; minusDays?: number }): string {
    const moved = addMonthsToDay(RUN_DATE, (r.plusMonths ?? 0) - (r.minusMonths ?? 0));
    const snapped = r.day === "first" ? firstDayOfMonth(monthOf(moved)) : r.day === "last" ? lastDayOfMonth(monthOf(moved)) : moved;
    return addDays(snapped, (r.plusDays ?? 0) - (r.minusDays ?? 0));
  }

  for (const zone of ["Asia/Shanghai", "Pacific/Kiritimati"]) {
    it(`the run date ± calendar months, on the first or last day of its month, compares as china-date counts (session zone ${zone})`, async () => {
      // Run date 2026-03-31: one month back is 28 February (no 31st), the last day of that month too.
      const shifts = [{ minusMonths: 1 }, { plusMonths: 1 }, { minusMonths: 1, day: "last" as const }, { day: "first" as const, minusDays: 1 }, { minusMonths: 13, day: "last" as const }, { plusMonths: 9, day: "first" as const }];
      for (const runDate of shifts) {
        const target = runDateDay(runDate);
        for (const op of OPS) {
          const ids = ROWS.filter((r) => r.d !== null && HOLDS[op](r.d, target)).map((r) => r.id);
          expect(await run(zone, { field: "m.d", op, value: { runDate } }), `${op} ${JSON.stringify(runDate)} = ${target}`).toEqual(ids);
        }
      }
      expect(runDateDay({ minusMonths: 1 })).toBe("2026-02-28");
    });
  }

  it("another date ± calendar months (and days) compares as china-date counts, month ends included", async () => {
    for (const [months, days] of [[1, 0], [-1, 0], [3, -1], [-13, 2]] as const) {
      const shift = { ...(months > 0 ? { plusMonths: months } : { minusMonths: -months }), ...(days > 0 ? { plusDays: days } : days < 0 ? { minusDays: -days } : {}) };
      for (const op of OPS) {
        const ids = ROWS.filter((r) => r.d !== null && r.e !== null && HOLDS[op](r.d, addDays(addMonthsToDay(r.e, months), days))).map((r) => r.id);
        expect(await run("America/Los_Angeles", { field: "m.d", op, ref: "m.e", ...shift }), `${op} ${JSON.stringify(shift)}`).toEqual(ids);
      }
    }
  });
});

