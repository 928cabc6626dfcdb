// 数检通 quality checks over real imported rows: each kind of problem is counted, scored and
// given examples that point at the offending rows.
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { datasetImports } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { registerDataset } from "@/lib/datasets/catalog";
import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { storedQuality } from "@/lib/datasets/quality";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let admin: Actor;
let datasetId: string;

const id = (n: number): string => {
  const first17 = `32010219850615${String(n).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
};

beforeAll(async () => {
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  const ds = await registerDataset(admin, {
    key: "test_settlement",
    name: "测试结算",
    agency: "medical_insurance",
    businessLine: "public_interest",
    fields: [
      { name: "settlement_no", label: "结算单号", type: "text", required: true },
      { name: "id_number", label: "身份证号", type: "text", pii: "id_number", required: true },
      { name: "visit_date", label: "就诊日期", type: "date", required: true },
      { name: "amount", label: "金额", type: "numeric", nonNegative: true },
    ],
    businessKey: ["settlement_no"],
    recordDateField: "visit_date",
    lateAfterDays: 30,
  });
  datasetId = ds.id;
});
afterAll(async () => {
  await database.drop();
});

async function load(csv: string): Promise<string> {
  const imp = await startImport(admin, { datasetKey: "test_settlement", fileName: "s.csv", body: Readable.from([Buffer.from(csv)]), options: { mode: "strict" } });
  const done = await runImport(imp.id, { finalAttempt: true });
  expect(done.status).toBe("succeeded");
  return imp.id;
}

describe("quality report", () => {
  it("finds nothing wrong in a clean first delivery", async () => {
    const first = await load(`settlement_no,id_number,visit_date,amount\nS1,${id(1)},2026-01-05,100\nS2,${id(2)},2026-02-05,200\n`);
    // Pretend the first delivery arrived on 2026-03-01.
    await getDb().update(datasetImports).set({ createdAt: new Date("2026-03-01T02:00:00Z") }).where(eq(datasetImports.id, first));
    const report = await storedQuality(datasetId, admin.orgId);
    expect(report?.rows).toBe(2);
    expect(report?.score).toBe(100);
  });

  it("counts late, malformed and duplicate records of a second delivery, with examples", async () => {
    const secondId = await load(
      [
        "settlement_no,id_number,visit_date,amount",
        `S3,${id(3)},2026-01-10,50`, // late: dated > 30 days before the previous delivery (2026-03-01)
        `S4,${id(4)},2026-02-20,-80`, // malformed: negative amount (not late: within 30 days)
        `S5,${id(5)},2099-01-01,10`, // malformed: in the future
        `S1,${id(1)},2026-01-05,100`, // duplicate business key of the first delivery (and late)
      ].join("\n") + "\n",
    );
    const report = (await storedQuality(datasetId, admin.orgId))!;
    expect(report.rows).toBe(6);
    expect(report.malformed.total).toBe(2);
    expect(report.malformed.byField).toEqual({ visit_date: 1, amount: 1 });
    expect(report.late.total).toBe(2);
    expect(report.duplicates).toMatchObject({ total: 1, groups: 1 });
    expect(report.missing.total).toBe(0);
    expect(report.score).toBeCloseTo(100 * (1 - 5 / 6), 1);
    // The second delivery's own report counts only its rows.
    const [second] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, secondId));
    expect(second.quality).toMatchObject({ rows: 4, malformed: { total: 2 }, late: { total: 2 } });
    const exampleRows = await getSql().unsafe(`select settlement_no from ds.test_settlement where id = any($1::bigint[]) order by settlement_no`, [report.malformed.examples]);
    expect(exampleRows.map((r) => r.settlement_no)).toEqual(["S4", "S5"]);
  });
});
