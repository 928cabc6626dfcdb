// A worker killed with SIGKILL in the middle of a model run loses nothing and duplicates nothing:
// its transaction dies with it (Postgres notices the lost client and drops the advisory lock), and
// the OTHER worker retries the job to exactly the clues an uninterrupted run writes. Two runs of
// the same model for the same org never overlap; runs of different models spread over the workers.
import { spawn, type ChildProcess } from "node:child_process";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { models, runs, type Run } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { ConflictError } from "@/lib/errors";
import { compileRule } from "@/lib/rules/compile";
import { statementParams } from "@/lib/rules/params";
import { checkDefinition, ruleContextFor } from "@/lib/rules/service";
import { startRun } from "@/lib/runs/commands";
import { getRunnableModel, listRunnableModels } from "@/lib/models/runnable";
import { WORKER_NODE_ARGS } from "../../scripts/worker-command";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const AS_OF = "2026-11-01";
/** How long each run holds its transaction open (after the advisory lock) before its statement. */
const PAUSE_MS = 4000;

interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output: string[];
}

let database: TestDatabase;
let prosecutor: Actor;
let model1: string;
let redisUrl: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redisUrl = usePrivateRedis(9);
  database = await setupDemoDatabase({ withData: true, clues: false });
  prosecutor = await actorFor("prosecutor");
  const [m] = await getDb().select({ id: models.id }).from(models).where(eq(models.key, "pretrial_release_not_delivered"));
  model1 = m.id;
}, 240_000);

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill("SIGKILL");
      await new Promise((r) => w.child.once("exit", r));
    }
  }
  await database?.drop();
}, 60_000);

/** Spawns `node workers/index.ts` (as production does) and waits for its "ready" line. */
async function startWorker(): Promise<WorkerProcess> {
  const child = spawn(process.execPath, WORKER_NODE_ARGS, {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      WORKER_LOCK_MS: "3000",
      WORKER_STALLED_CHECK_MS: "1500",
      WORKER_TEST_RUN_PAUSE_MS: String(PAUSE_MS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const worker: WorkerProcess = { child, pid: child.pid!, output: [] };
  workers.push(worker);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} not ready in 30s:\n${worker.output.join("")}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      worker.output.push(chunk.toString());
      if (worker.output.join("").includes(`[worker] pid ${child.pid} ready`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => worker.output.push(chunk.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before ready:\n${worker.output.join("")}`));
    });
  });
  return worker;
}

async function kill(worker: WorkerProcess): Promise<void> {
  const exited = new Promise((r) => worker.child.once("exit", r));
  worker.child.kill("SIGKILL");
  await exited;
}

async function runRow(id: string): Promise<Run> {
  const [row] = await getDb().select().from(runs).where(eq(runs.id, id));
  return row;
}

const pidOf = (run: Run): number | null => (run.worker ? Number(run.worker.slice(run.worker.lastIndexOf(":") + 1)) : null);

/** What Postgres and the workers say, for a timeout's message. */
async function diagnostics(runIds: string[]): Promise<string> {
  const rows = runIds.length ? await getDb().select().from(runs).where(inArray(runs.id, runIds)) : [];
  const activity = await getSql()`
    select pid, state, wait_event_type, wait_event, now() - xact_start as xact_age, left(query, 80) as query
    from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  const locks = await getSql()`select pid, locktype, objid, granted from pg_locks where locktype = 'advisory'`;
  return [
    `runs: ${JSON.stringify(rows.map((r) => ({ id: r.id, status: r.status, attempts: r.attempts, worker: r.worker, backendPid: r.backendPid, error: r.error })))}`,
    `pg_stat_activity: ${JSON.stringify(activity)}`,
    `advisory locks: ${JSON.stringify(locks)}`,
    ...workers.map((w) => `worker ${w.pid} (exit ${w.child.exitCode ?? w.child.signalCode ?? "-"}):\n${w.output.join("").slice(-3000)}`),
  ].join("\n");
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, runIds: string[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${await diagnostics(runIds)}`);
}

async function clueRows(modelId: string): Promise<{ dedup_key: string }[]> {
  return getSql()<{ dedup_key: string }[]>`select dedup_key from clues where org_id = ${prosecutor.orgId} and model_id = ${modelId}`;
}

/** The bare compiled rule, as the run compiles it: the hits an uninterrupted run must write. */
async function expectedHits(modelId: string): Promise<number> {
  const model = await getRunnableModel(prosecutor, modelId);
  const ctx = await ruleContextFor(prosecutor.orgId);
  const { rule, issues } = await checkDefinition(model.definition, ctx);
  expect(issues).toEqual([]);
  const compiled = compileRule(rule!, ctx);
  const [{ n }] = await getSql().unsafe<{ n: number }[]>(`select count(*)::int as n from (${compiled.text}) hits`,
    statementParams({ orgId: prosecutor.orgId, runDate: AS_OF }, compiled.values),
  );
  return Number(n);
}

it("survives SIGKILL of the worker mid-run: the other worker retries it to exactly the clues of an uninterrupted run", async () => {
  const [a, b] = await Promise.all([startWorker(), startWorker()]);
  const expected = await expectedHits(model1);
  expect(expected).toBeGreaterThanOrEqual(5);

  const run = await startRun(prosecutor, model1, { runDate: AS_OF });
  let held!: Run;
  await waitFor(
    "the run to be running with its transaction open",
    async () => {
      held = await runRow(run.id);
      return held.status === "running" && held.backendPid !== null;
    },
    30_000,
    [run.id],
  );
  expect(held.attempts).toBe(1);
  const victim = [a, b].find((w) => w.pid === pidOf(held));
  const survivor = [a, b].find((w) => w !== victim)!;
  expect(victim, `run.worker ${held.worker} names neither worker (${a.pid}, ${b.pid})`).toBeDefined();
  const deadBackend = held.backendPid!;

  await kill(victim!);
  // Nothing of the killed attempt is visible: it had not even reached its statement, and its
  // transaction can never commit now.
  expect(await clueRows(model1)).toHaveLength(0);
  expect((await runRow(run.id)).status).toBe("running");

  // Postgres notices the lost client (client_connection_check_interval) and ends its backend,
  // which rolls the transaction back and releases the advisory lock.
  await waitFor(
    `backend ${deadBackend} of the killed worker to end`,
    async () => (await getSql()`select 1 from pg_stat_activity where pid = ${deadBackend}`).length === 0,
    15_000,
    [run.id],
  );

  // The surviving worker takes the stalled job over: attempt 2, in a transaction of its own.
  let retried!: Run;
  await waitFor(
    "the surviving worker to retry the run",
    async () => {
      retried = await runRow(run.id);
      // The old backend pid stays on the row until the retry, holding the lock, writes its own.
      return retried.attempts === 2 && pidOf(retried) === survivor.pid && retried.backendPid !== null && retried.backendPid !== deadBackend;
    },
    30_000,
    [run.id],
  );
  expect(retried.status).toBe("running");
  // No overlap: while the retry holds the run, another run of the same model for the org is refused.
  await expect(startRun(prosecutor, model1, { runDate: AS_OF })).rejects.toBeInstanceOf(ConflictError);

  await waitFor("the retry to succeed", async () => (await runRow(run.id)).status !== "running", 30_000, [run.id]);
  const done = await runRow(run.id);
  expect(done.status, done.error ?? "").toBe("succeeded");
  expect(done.attempts).toBe(2);
  expect(pidOf(done)).toBe(survivor.pid);
  expect(done.backendPid).toBeNull();
  expect(done.ordinal).toBe(1);
  expect(done.hits).toBe(expected);
  expect(done.newClues).toBe(expected);
  expect(done.redetectedClues).toBe(0);
  const rows = await clueRows(model1);
  expect(rows).toHaveLength(expected);
  expect(new Set(rows.map((r) => r.dedup_key)).size).toBe(expected);
  // Only the one run row: the refused start left nothing behind.
  expect(await getDb().select({ id: runs.id }).from(runs).where(eq(runs.modelId, model1))).toHaveLength(1);
}, 120_000);

it("runs different models for the same org at the same time, spread over the workers (scaling out is another process)", async () => {
  // Replace the killed worker: any process sharing the Redis joins in.
  const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  if (live.length < 2) live.push(await startWorker());
  const pids = new Set(live.map((w) => w.pid));

  const others = (await listRunnableModels(prosecutor)).filter((m) => m.modelId !== model1).slice(0, 4);
  expect(others).toHaveLength(4);
  const started = await Promise.all(others.map((m) => startRun(prosecutor, m.modelId, { runDate: AS_OF })));
  const ids = started.map((r) => r.id);

  // Each worker runs at most two model runs at once, so four runs holding their transactions at
  // the same time means both workers are working, each under its own (model, org) advisory lock.
  let holding: Run[] = [];
  await waitFor(
    "four runs of different models to hold their transactions at once",
    async () => {
      holding = await getDb().select().from(runs).where(inArray(runs.id, ids));
      return holding.every((r) => r.status === "running" && r.backendPid !== null);
    },
    30_000,
    ids,
  );
  expect(new Set(holding.map(pidOf))).toEqual(pids);
  const locks = await getSql()<{ pid: number }[]>`
    select pid from pg_locks where locktype = 'advisory' and granted and pid in ${getSql()(holding.map((r) => r.backendPid!))}`;
  expect(new Set(locks.map((l) => l.pid)).size).toBe(4);

  await waitFor("the four runs to finish", async () => (await getDb().select().from(runs).where(inArray(runs.id, ids))).every((r) => r.status !== "running"), 30_000, ids);
  for (const [i, m] of others.entries()) {
    const done = await runRow(ids[i]);
    expect(done.status, `${m.key}: ${done.error ?? ""}`).toBe("succeeded");
    expect(done.attempts).toBe(1);
    expect(done.hits).toBe(await expectedHits(m.modelId));
    expect((await clueRows(m.modelId)).length).toBe(done.hits);
  }
}, 90_000);
