// Faults in the middle of model runs, on real worker processes and a redis-server of this file's
// own: the worker SIGKILLed at ten random points of a run, and Redis restarted (losing every queued
// job: it runs without persistence, as npm start runs it) while runs execute and wait. Afterwards
// every run has finished, with exactly the clues an uninterrupted run writes, none twice, none lost.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { runs, type Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { startRun } from "@/lib/runs/commands";
import { listRunnableModels } from "@/lib/models/runnable";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";
import { killWorker, seededRandom, startPrivateRedis, startWorker, waitFor, type PrivateRedis, type WorkerProcess } from "../helpers/fault-services";

const AS_OF = "2026-11-01";
let database: TestDatabase;
let redis: PrivateRedis;
let prosecutor: Actor;
let models: { modelId: string; key: string }[];
const workers: WorkerProcess[] = [];

function workerEnv(): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    // A crashed worker's job is handed on within ~3 s; lost jobs are looked for every second.
    WORKER_LOCK_MS: "2000",
    WORKER_STALLED_CHECK_MS: "1000",
    WORKER_RECOVER_MS: "1000",
    // Each run holds its transaction open this long before its statement: a window to hit.
    WORKER_TEST_RUN_PAUSE_MS: "800",
  };
}

async function addWorker(): Promise<WorkerProcess> {
  const worker = await startWorker(workerEnv());
  workers.push(worker);
  return worker;
}

const live = (): WorkerProcess[] => workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);

beforeAll(async () => {
  redis = await startPrivateRedis();
  process.env.REDIS_URL = redis.url;
  database = await setupDemoDatabase({ withData: true, clues: false });
  prosecutor = await actorFor("prosecutor");
  models = (await listRunnableModels(prosecutor)).map((m) => ({ modelId: m.modelId, key: m.key }));
  expect(models.length).toBeGreaterThanOrEqual(5);
  await Promise.all([addWorker(), addWorker()]);
}, 240_000);

afterAll(async () => {
  for (const w of workers) await killWorker(w);
  await redis?.stop();
  await database?.drop();
}, 60_000);

async function runRow(id: string): Promise<Run> {
  const [row] = await getDb().select().from(runs).where(eq(runs.id, id));
  return row;
}

const pidOf = (run: Run): number | null => (run.worker ? Number(run.worker.slice(run.worker.lastIndexOf(":") + 1)) : null);

async function diagnostics(ids: string[]): Promise<string> {
  const rows = ids.length ? await getDb().select().from(runs).where(inArray(runs.id, ids)) : [];
  return [
    `runs: ${JSON.stringify(rows.map((r) => ({ id: r.id, status: r.status, attempts: r.attempts, worker: r.worker, error: r.error })))}`,
    ...workers.map((w) => `worker ${w.pid} (exit ${w.child.exitCode ?? w.child.signalCode ?? "-"}):\n${w.output.join("").slice(-2000)}`),
  ].join("\n");
}

async function waitFinished(ids: string[], timeoutMs: number): Promise<Run[]> {
  await waitFor(
    `runs ${ids.join(", ")} to finish`,
    async () => (await getDb().select().from(runs).where(inArray(runs.id, ids))).every((r) => r.status !== "queued" && r.status !== "running"),
    timeoutMs,
    () => diagnostics(ids),
  );
  return getDb().select().from(runs).where(inArray(runs.id, ids));
}

/** The model's clues for the org: how many, and how many distinct dedup keys. */
async function clueCounts(modelId: string): Promise<{ rows: number; keys: number }> {
  const [r] = await getSql()<{ rows: number; keys: number }[]>`
    select count(*)::int as rows, count(distinct dedup_key)::int as keys from clues where org_id = ${prosecutor.orgId} and model_id = ${modelId}`;
  return r;
}

it("survives SIGKILL of the worker at ten random points of a run: each run ends succeeded with exactly its clues", async () => {
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
  const random = seededRandom(seed);
  const model = models[0];
  // Uninterrupted runs first: their clues are the truth, the second's duration (warm) the window to kill in.
  await addWorker(); // a spare: each kill starts a replacement in the background
  await waitFinished([(await startRun(prosecutor, model.modelId, { runDate: AS_OF })).id], 30_000);
  const t0 = Date.now();
  const [baseline] = await waitFinished([(await startRun(prosecutor, model.modelId, { runDate: AS_OF })).id], 30_000);
  const window = Date.now() - t0;
  expect(baseline.status, baseline.error ?? "").toBe("succeeded");
  const expected = await clueCounts(model.modelId);
  expect(expected.rows).toBe(baseline.hits);
  expect(expected.rows).toBeGreaterThan(0);

  const points: string[] = [];
  const replacements: Promise<WorkerProcess>[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      // At least two workers when the run starts: the one holding it dies, another retries it.
      // Replacements start in the background (a worker takes seconds to start on a busy machine).
      while (live().length < 2 && replacements.length > 0) await replacements.shift();
      const delay = Math.round(random() * window);
      const startedAt = Date.now();
      const run = await startRun(prosecutor, model.modelId, { runDate: AS_OF });
      await new Promise((r) => setTimeout(r, delay));
      const at = await runRow(run.id);
      // The worker holding the run, or either of the two before one has claimed it.
      const holder = live().find((w) => w.pid === pidOf(at)) ?? live()[Math.floor(random() * live().length)];
      points.push(`#${i + 1} ${delay} ms (${at.status}, attempt ${at.attempts}, backend ${at.backendPid ? "in transaction" : "-"})`);
      await killWorker(holder);
      // The survivor retries the run; a replacement joins in the background for the next point.
      replacements.push(addWorker());
      const [done] = await waitFinished([run.id], 30_000);
      points[points.length - 1] += ` → ${done.status} after ${Date.now() - startedAt - delay} ms`;
      // Retried to success; or, when the machine is so slow that the retry lost its lock too (a
      // second stall), failed saying so in Chinese — never left 运行中, never half-written.
      if (done.status === "failed") expect(done.error).toMatch(/^运行任务失败：执行它的工作进程多次异常退出/);
      else {
        expect(done.status, done.error ?? "").toBe("succeeded");
        expect(done.hits).toBe(expected.rows);
      }
      expect(await clueCounts(model.modelId)).toEqual(expected);
    }
    await Promise.all(replacements);
    console.log(`window ${window} ms`);
    console.log(`FAULT_SEED=${seed}: ${points.join("; ")}`);
  } catch (error) {
    throw new Error(`FAULT_SEED=${seed} (kill points: ${points.join("; ")}): ${(error as Error).message}`, { cause: error });
  }
  // No run of the model was left behind, and none ran twice to a second ordinal.
  const all = await getDb().select().from(runs).where(eq(runs.modelId, model.modelId));
  expect(all.filter((r) => r.status === "queued" || r.status === "running")).toEqual([]);
  const succeeded = all.filter((r) => r.status === "succeeded");
  expect(succeeded.length).toBeGreaterThanOrEqual(all.length - 2);
  expect(new Set(succeeded.map((r) => r.ordinal)).size).toBe(succeeded.length);
}, 180_000);

it("survives a Redis restart while runs execute and wait: every run ends succeeded with exactly its clues", async () => {
  while (live().length < 2) await addWorker();
  // More runs than the two workers' four run slots: some are waiting in Redis when it restarts.
  const started = await Promise.all(models.slice(0, 6).map((m) => startRun(prosecutor, m.modelId, { runDate: AS_OF })));
  const ids = started.map((r) => r.id);
  await waitFor(
    "a run to hold its transaction",
    async () => (await getDb().select().from(runs).where(inArray(runs.id, ids))).some((r) => r.status === "running" && r.backendPid !== null),
    20_000,
    () => diagnostics(ids),
  );
  await redis.restart();

  const done = await waitFinished(ids, 45_000);
  for (const run of done) {
    expect(run.status, `${run.modelId}: ${run.error ?? ""}`).toBe("succeeded");
    const counts = await clueCounts(run.modelId);
    expect(counts.rows).toBe(counts.keys);
    expect(counts.rows, run.modelId).toBe(run.hits);
  }
  // The workers lived through it.
  expect(live().length).toBeGreaterThanOrEqual(2);
}, 120_000);
