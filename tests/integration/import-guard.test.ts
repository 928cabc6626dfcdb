// An error inside a COPY ends the stream, the transaction and the import at once, and an import
// that runs past its time limit is stopped and rolled back.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getSql } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { startImport } from "@/lib/datasets/import/commands";
import { copyGuarded } from "@/lib/datasets/import/copy-transaction";
import { IMPORT_SESSION_SQL, ImportAborted, ImportGuard, type ImportSession } from "@/lib/datasets/import/import-guard";
import { runImport } from "@/lib/datasets/import/run-import";
import { removeUpload } from "@/lib/datasets/import/uploads";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";
import { registerTestDataset } from "../helpers/test-datasets";

let database: TestDatabase;
let admin: Actor;

beforeAll(async () => {
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  await registerTestDataset(admin, "guarded", "限时测试", "amount");
  await getSql().unsafe("create table guard_probe (t text)");
}, 60_000);

afterAll(async () => {
  delete process.env.IMPORT_TIME_LIMIT_MIN;
  await database.drop();
});

it("a COPY the server rejects after the last byte was sent ends the transaction within seconds (the driver alone waits for ever)", async () => {
  const guard = new ImportGuard(randomUUID());
  const started = Date.now();
  try {
    const attempt = getSql().begin(async (tx) => {
      const [me] = await tx.unsafe<ImportSession[]>(IMPORT_SESSION_SQL);
      guard.attach(me);
      const writable = await tx.unsafe("copy guard_probe (t) from stdin with (format csv)").writable();
      // PostgreSQL text cannot hold NUL: the server rejects the COPY once the data has all gone.
      await copyGuarded(guard, Readable.from([Buffer.from("a\u0000b\n")]), writable);
    });
    await expect(attempt).rejects.toBeInstanceOf(ImportAborted);
    expect(guard.reason).toBe("copy-failed");
  } finally {
    guard.stop();
  }
  expect(Date.now() - started).toBeLessThan(10_000);
  const [{ n }] = await getSql().unsafe(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction (aborted)'`);
  expect(n).toBe(0);
  expect(await getSql().unsafe("select count(*)::int as n from guard_probe")).toEqual([{ n: 0 }]);
});

it("an import past its time limit (IMPORT_TIME_LIMIT_MIN) stops, rolls back and says so in Chinese", async () => {
  const lines = ["case_no,amount"];
  for (let i = 0; i < 300_000; i++) lines.push(`C${i},${i}`);
  const imp = await startImport(admin, { datasetKey: "guarded", fileName: "slow.csv", body: Readable.from([Buffer.from(lines.join("\n"))]), options: {} });
  process.env.IMPORT_TIME_LIMIT_MIN = "0.002"; // 120 ms
  const done = await runImport(imp.id, { finalAttempt: true });
  delete process.env.IMPORT_TIME_LIMIT_MIN;
  expect(done.status).toBe("failed");
  expect(done.message).toBe("导入超过时限（0.002 分钟）已停止，所有更改已撤销，数据保持不变");
  const [{ n }] = await getSql().unsafe(`select count(*)::int as n from ds.guarded`);
  expect(n).toBe(0);
});

const REF_FAILED = /^导入失败（参考编号 ([0-9a-f]{8})），请联系系统管理员$/;

/** The server log lines written while `fn` runs. */
async function logged<T>(fn: () => Promise<T>): Promise<{ result: T; log: string }> {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const result = await fn();
    return { result, log: spy.mock.calls.map((c) => c.map(String).join(" ")).join("\n") };
  } finally {
    spy.mockRestore();
  }
}

it("a connection killed mid-COPY fails with a reference number, never the driver's text; the details are logged under it", async () => {
  const lines = ["case_no,amount"];
  for (let i = 0; i < 200_000; i++) lines.push(`K${i},${i}`);
  const imp = await startImport(admin, { datasetKey: "guarded", fileName: "killed.csv", body: Readable.from([Buffer.from(lines.join("\n"))]), options: {} });
  let killed = false;
  const { result, log } = await logged(() =>
    runImport(imp.id, {
      finalAttempt: true,
      onProgress: async () => {
        if (killed) return;
        killed = true;
        await getSql().unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'copy%' and pid <> pg_backend_pid()`);
      },
    }),
  );
  expect(killed).toBe(true);
  expect(result.status).toBe("failed");
  const ref = REF_FAILED.exec(result.message ?? "")?.[1];
  expect(ref, result.message ?? "").toBeDefined();
  expect(result.message).not.toMatch(/CONNECTION|write|terminat|ECONN/i);
  expect(log).toContain(ref);
  const [{ n }] = await getSql().unsafe(`select count(*)::int as n from ds.guarded where case_no like 'K%'`);
  expect(n).toBe(0);
});

it("connections lost mid-COPY, again and again, never crash the process (postgres.js would write to the dead socket)", async () => {
  for (let round = 0; round < 6; round++) {
    const lines = ["case_no,amount"];
    for (let i = 0; i < 60_000; i++) lines.push(`L${round}_${i},${i}`);
    const imp = await startImport(admin, { datasetKey: "guarded", fileName: `lost${round}.csv`, body: Readable.from([Buffer.from(lines.join("\n"))]), options: {} });
    let killed = false;
    const { result } = await logged(() =>
      runImport(imp.id, {
        finalAttempt: true,
        onProgress: async () => {
          if (killed) return;
          killed = true;
          await getSql().unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'copy%' and pid <> pg_backend_pid()`);
        },
      }),
    );
    expect(result.status).toBe("failed");
  }
  // An uncaught exception from the driver would surface here at the latest (vitest fails the run on it).
  await new Promise((r) => setTimeout(r, 500));
  const [{ n }] = await getSql().unsafe(`select count(*)::int as n from ds.guarded where case_no like 'L%'`);
  expect(n).toBe(0);
});

it("an upload gone missing: a retry message with a reference before the last attempt, the failure after it", async () => {
  const imp = await startImport(admin, { datasetKey: "guarded", fileName: "gone.csv", body: Readable.from([Buffer.from("case_no,amount\nG1,1\n")]), options: {} });
  removeUpload(imp.id);
  const { result: retried } = await logged(() => runImport(imp.id, { finalAttempt: false }).then(() => null, (e: unknown) => e));
  expect(retried).toBeInstanceOf(Error);
  const [queued] = await getSql().unsafe(`select status, message from dataset_imports where id = $1`, [imp.id]);
  expect(queued.status).toBe("queued");
  expect(queued.message).toMatch(/^导入出错（参考编号 [0-9a-f]{8}），将自动重试$/);
  const { result: failed } = await logged(() => runImport(imp.id, { finalAttempt: true }));
  expect(failed.message).toMatch(REF_FAILED);
  expect(failed.message).not.toMatch(/ENOENT|no such file/);
});

it("an abort that arrives after the import's transaction ended never cancels the next statement on that session", async () => {
  // One connection: the statement after the transaction runs on the very backend the guard watched.
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  const guard = new ImportGuard(randomUUID());
  try {
    await client.begin(async (tx) => {
      const [me] = await tx.unsafe<ImportSession[]>(IMPORT_SESSION_SQL);
      guard.attach(me);
    });
    // The timer fires late (a loaded machine): the session already runs someone else's statement.
    const next = client.unsafe<{ ok: number }[]>("select 1 as ok from pg_sleep(0.5)").execute(); // sent now, not when awaited
    await new Promise((resolve) => setTimeout(resolve, 100));
    await guard.abort("timeout");
    expect((await next)[0].ok).toBe(1);
  } finally {
    guard.stop();
    await client.end();
  }
});
