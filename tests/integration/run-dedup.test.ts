// A run never fails on a repeated dedup key. The checker refuses a rule whose key cannot tell hits
// apart, but the data can still repeat a business key (the import reports duplicates, it does not
// refuse them): two rows of the same case then give two hits under one key, and ON CONFLICT cannot
// change one clue twice in a statement. The run keeps one hit per key — always the same one, so a
// re-run rewrites nothing. And a run the database cannot execute tells the user so in Chinese, with a
// reference to the log, never PostgreSQL's own text.
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { dataApplications, datasets, models, modelVersions, runs, type Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { addDays, chinaToday } from "@/lib/calendar/china-date";
import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { definitionHash } from "@/lib/models/registry";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { ZRule } from "@/lib/rules/schema";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { registerTestDataset } from "../helpers/test-datasets";

const KEY = "dup_judgment";
let database: TestDatabase;
let admin: Actor;
let prosecutor: Actor;
let modelId: string;

function idFor(n: number): string {
  const first17 = `320102${1990}0101${String(n).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

/** Cases 1–6; cases 2 and 5 appear twice (other dates), case 5 even three times. */
function file(): string {
  const rows = [1, 2, 2, 3, 4, 5, 5, 5, 6].map((n, i) => `（2025）苏0102刑初${n}号,${idFor(n)},2025-0${(i % 9) + 1}-1${n}`);
  return ["case_no,id_number,judgment_date", ...rows].join("\n") + "\n";
}

beforeAll(async () => {
  usePrivateRedis(9);
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  prosecutor = await actorFor("prosecutor");
  await registerTestDataset(admin, KEY, "重复判决", "judgment");
  const imp = await startImport(admin, { datasetKey: KEY, fileName: "dup.csv", body: Readable.from([Buffer.from(file())]), options: { mode: "lenient" } });
  expect((await runImport(imp.id, { finalAttempt: true })).status).toBe("succeeded");
  const [ds] = await getDb().select({ id: datasets.id }).from(datasets).where(eq(datasets.key, KEY));
  const today = chinaToday();
  await getDb().insert(dataApplications).values({
    datasetId: ds.id, orgId: prosecutor.orgId, applicantId: admin.id, purpose: "测试：重复业务主键", validFrom: addDays(today, -1), validTo: addDays(today, 30),
    status: "approved", deciderId: admin.id, decidedAt: new Date(),
  });
  const rule = ZRule.parse({
    from: { dataset: KEY, as: "j" },
    clue: { dedupKey: ["j.case_no"], title: "{j.case_no}", subject: { kind: "person", name: "j.case_no", idNumber: "j.id_number" }, evidence: { j: ["case_no", "judgment_date"] } },
  });
  const [model] = await getDb().insert(models).values({ key: "dup_key_model", name: "重复去重键测试", businessLine: "criminal", ownerOrgId: prosecutor.orgId }).returning();
  await getDb().insert(modelVersions).values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status: "published", publishedAt: new Date() });
  modelId = model.id;
}, 120_000);
afterAll(async () => {
  await database.drop();
});

async function runNow(): Promise<Run> {
  const run = await startRun(prosecutor, modelId, { runDate: "2026-11-01" });
  const status = await executeRun(run.id, { finalAttempt: true });
  const [done] = await getDb().select().from(runs).where(eq(runs.id, run.id));
  expect(done.error).toBeNull();
  expect(status).toBe("succeeded");
  return done;
}

describe("a run whose data repeats a dedup key", () => {
  it("succeeds with one clue per key, keeping the same hit every time", async () => {
    const first = await runNow();
    expect(first.hits).toBe(6);
    expect(first.newClues).toBe(6);
    const clues = await getSql()<{ title: string; date: string }[]>`
      select title, evidence->'j'->>'judgment_date' as date from clues where model_id = ${modelId} order by title`;
    expect(clues.map((c) => c.title)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `（2025）苏0102刑初${n}号`));
    // Of the repeated rows, the one with the least evidence (the earliest date here) is kept.
    expect(clues.find((c) => c.title.includes("刑初5号"))!.date).toBe("2025-06-15");
    const second = await runNow();
    expect(second.newClues).toBe(0);
    expect(second.redetectedClues).toBe(6);
    const [{ rewritten }] = await getSql()<{ rewritten: number }[]>`
      select count(*)::int as rewritten from clues where model_id = ${modelId} and evidence_changed_at is not null`;
    expect(rewritten).toBe(0);
  });
});

describe("a run the database cannot execute", () => {
  it("records a Chinese message with a reference, never the database's own text", async () => {
    // The dataset's table gone from under the model: PostgreSQL answers 'relation … does not exist'.
    await getSql().unsafe(`alter table ds.${KEY} rename to ${KEY}_away`);
    try {
      const run = await startRun(prosecutor, modelId, { runDate: "2026-11-01" });
      await expect(executeRun(run.id, { finalAttempt: true })).rejects.toThrow();
      const [done] = await getDb().select().from(runs).where(eq(runs.id, run.id));
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(/^运行出错（编号 [0-9a-f]{8}）：数据库未能执行本次运行，本次运行未写入任何线索；请重新运行，仍失败请将编号告知管理员$/);
    } finally {
      await getSql().unsafe(`alter table ds.${KEY}_away rename to ${KEY}`);
    }
  });
});
