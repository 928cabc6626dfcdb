// A worker killed with SIGKILL in the middle of an import loses nothing and duplicates nothing:
// its COPY transaction dies with it, and a second worker retries the job to completion.
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getSql } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { startImport } from "@/lib/datasets/import/commands";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { importRow, waitFor, WorkerPool } from "../helpers/import-worker";
import { registerTestDataset } from "../helpers/test-datasets";

const ROWS = 200_000;
let database: TestDatabase;
let admin: Actor;
let redisUrl: string;
const workers = new WorkerPool(() => database.url, () => redisUrl);

beforeAll(async () => {
  redisUrl = usePrivateRedis(3);
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  await registerTestDataset(admin, "crash_test", "崩溃测试", "judgment");
}, 60_000);

afterAll(async () => {
  await workers.killAll();
  await database.drop();
});

async function storedRows(): Promise<number> {
  const [r] = await getSql().unsafe(`select count(*)::int as n from ds.crash_test where org_id = $1`, [admin.orgId]);
  return Number(r.n);
}

function bigCsv(): Buffer {
  const first17 = "32010219900101123";
  const id = first17 + idNumberCheckDigit(first17);
  const lines = ["case_no,id_number,judgment_date"];
  for (let i = 1; i <= ROWS; i++) lines.push(`（2025）刑初${i}号,${id},2025-01-01`);
  return Buffer.from(lines.join("\n") + "\n");
}

it("survives SIGKILL of the worker mid-import: nothing committed, then exactly every row once", async () => {
  const imp = await startImport(admin, { datasetKey: "crash_test", fileName: "big.csv", body: Readable.from([bigCsv()]), options: { mode: "strict" } });
  const first = workers.start();
  await waitFor(async () => (await importRow(imp.id)).rowsRead >= 25_000, 60_000);
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));

  expect((await importRow(imp.id)).status).toBe("running");
  expect(await storedRows()).toBe(0);

  workers.start();
  await waitFor(async () => (await importRow(imp.id)).status === "succeeded", 90_000);
  const done = await importRow(imp.id);
  expect(done.attempts).toBe(2);
  expect(done.rowsImported).toBe(ROWS);
  expect(await storedRows()).toBe(ROWS);
}, 180_000);
