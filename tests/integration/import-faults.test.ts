// Faults in the middle of an import, on a real worker process and a PostgreSQL and redis-server of
// this file's own (restarting the harness's would harm every other test file): Redis restarted
// (losing every queued job: no persistence, as npm start runs it) and PostgreSQL restarted (every
// session ends) while a 200,000-row file is being copied and another import waits its turn.
// Afterwards each import has finished — all its rows exactly once, or none and a clear failure —
// and none is left 排队中 or 导入中.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeConnections, getDb, getSql } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { datasetImports, type DatasetImport } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { startImport } from "@/lib/datasets/import/commands";
import { actorFor } from "../helpers/demo";
import { killWorker, startPrivatePostgres, startPrivateRedis, startWorker, waitFor, type PrivatePostgres, type PrivateRedis, type WorkerProcess } from "../helpers/fault-services";
import { registerTestDataset } from "../helpers/test-datasets";

const ROWS = 200_000;
const SMALL_ROWS = 10;
let pg: PrivatePostgres;
let redis: PrivateRedis;
let uploads: string;
let admin: Actor;
let worker: WorkerProcess;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), "fault-uploads-"));
  process.env.DATABASE_URL = pg.url;
  process.env.REDIS_URL = redis.url;
  process.env.UPLOAD_DIR = uploads;
  await runMigrations(pg.url);
  await seedDemo(pg.url, { apiKey: "dj_test_fault_key_abcdefghijklmnopqrstuvwxyz", withData: false });
  admin = await actorFor("data_admin");
  await registerTestDataset(admin, "fault_test", "故障测试", "judgment");
  worker = await startWorker({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    UPLOAD_DIR: uploads,
    // One import at a time, so the second waits in Redis when the fault strikes.
    IMPORT_CONCURRENCY: "1",
    WORKER_LOCK_MS: "2000",
    WORKER_STALLED_CHECK_MS: "1000",
    WORKER_RECOVER_MS: "1000",
  });
}, 120_000);

afterAll(async () => {
  if (worker) await killWorker(worker);
  await closeConnections();
  await redis?.stop();
  await pg?.stop();
  fs.rmSync(uploads, { recursive: true, force: true });
}, 60_000);

function csv(rows: number, prefix: string): Buffer {
  const first17 = "32010219900101123";
  const id = first17 + idNumberCheckDigit(first17);
  const lines = ["case_no,id_number,judgment_date"];
  for (let i = 1; i <= rows; i++) lines.push(`（2025）${prefix}${i}号,${id},2025-01-01`);
  return Buffer.from(lines.join("\n") + "\n");
}

async function imports(ids: string[]): Promise<DatasetImport[]> {
  return getDb().select().from(datasetImports).where(inArray(datasetImports.id, ids));
}

async function storedRows(prefix: string): Promise<number> {
  const [r] = await getSql().unsafe(`select count(*)::int as n from ds.fault_test where org_id = $1 and case_no like $2`, [admin.orgId, `（2025）${prefix}%`]);
  return Number(r.n);
}

async function diagnostics(ids: string[]): Promise<string> {
  const rows = await imports(ids).catch(() => []);
  return [
    `imports: ${JSON.stringify(rows.map((r) => ({ id: r.id, status: r.status, attempts: r.attempts, rowsRead: r.rowsRead, message: r.message })))}`,
    `worker ${worker.pid} (exit ${worker.child.exitCode ?? worker.child.signalCode ?? "-"}):\n${worker.output.join("").slice(-3000)}`,
  ].join("\n");
}

/** A big import copying when `fault` strikes, a small one queued behind it; both must end, each all or nothing. */
async function importThrough(fault: () => Promise<void>, tag: string): Promise<DatasetImport[]> {
  const big = await startImport(admin, { datasetKey: "fault_test", fileName: `${tag}-big.csv`, body: Readable.from([csv(ROWS, `${tag}大`)]), options: { mode: "strict" } });
  const small = await startImport(admin, { datasetKey: "fault_test", fileName: `${tag}-small.csv`, body: Readable.from([csv(SMALL_ROWS, `${tag}小`)]), options: { mode: "strict" } });
  const ids = [big.id, small.id];
  await waitFor("the big import to be copying", async () => ((await imports([big.id]))[0]?.rowsRead ?? 0) >= 25_000, 60_000, () => diagnostics(ids));
  await fault();
  await waitFor(
    "both imports to finish",
    async () => (await imports(ids)).every((r) => r.status !== "queued" && r.status !== "running"),
    90_000,
    () => diagnostics(ids),
  );
  const done = await imports(ids);
  return ids.map((id) => done.find((r) => r.id === id)!);
}

function expectAllOrNothing(imp: DatasetImport, stored: number, rows: number): void {
  if (imp.status === "succeeded") {
    expect(imp.rowsImported).toBe(rows);
    expect(stored).toBe(rows);
  } else {
    // A clear failure: nothing imported, a Chinese message without the driver's text.
    expect(imp.status, imp.message ?? "").toBe("failed");
    expect(stored).toBe(0);
    expect(imp.message).toMatch(/[\u4e00-\u9fff]/);
    expect(imp.message).not.toMatch(/CONNECTION|ECONN|terminating|Missing key/i);
  }
}

it("survives a Redis restart in the middle of an import: both imports end, each with all its rows once", async () => {
  const [big, small] = await importThrough(() => redis.restart(), "r");
  expectAllOrNothing(big, await storedRows("r大"), ROWS);
  expectAllOrNothing(small, await storedRows("r小"), SMALL_ROWS);
  // Nothing was lost: the worker went on with the copy and the queued import came back.
  expect(big.status, big.message ?? "").toBe("succeeded");
  expect(small.status, small.message ?? "").toBe("succeeded");
}, 180_000);

it("survives a PostgreSQL restart in the middle of an import: both imports end, all rows once or none", async () => {
  const [big, small] = await importThrough(() => pg.restart(), "p");
  expectAllOrNothing(big, await storedRows("p大"), ROWS);
  expectAllOrNothing(small, await storedRows("p小"), SMALL_ROWS);
  // The interrupted copy is retried once the server is back.
  expect(big.status, big.message ?? "").toBe("succeeded");
  expect(small.status, small.message ?? "").toBe("succeeded");
  const [row] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, big.id));
  expect(row.attempts).toBeGreaterThanOrEqual(2);
}, 180_000);
