// For fault tests: real worker processes to SIGKILL, and a redis-server / PostgreSQL of the test's
// own to restart (the harness's services are shared by every test file running in parallel).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { WORKER_NODE_ARGS } from "../../scripts/worker-command";
import { freePort } from "../../scripts/net";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/postgres-embedded";

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output: string[];
}

const alive = (w: WorkerProcess): boolean => w.child.exitCode === null && w.child.signalCode === null;

/** Spawns `node workers/index.ts` (as production does) with `env` and waits for its "ready" line. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, WORKER_NODE_ARGS, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const worker: WorkerProcess = { child, pid: child.pid!, output: [] };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} not ready in 30s:\n${worker.output.join("")}`)), 30_000);
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before ready:\n${worker.output.join("")}`));
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      worker.output.push(chunk.toString());
      if (worker.output.join("").includes(`[worker] pid ${child.pid} ready`)) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => worker.output.push(chunk.toString()));
    child.once("exit", onExit);
  });
  return worker;
}

export async function killWorker(worker: WorkerProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (!alive(worker)) return;
  const exited = new Promise((r) => worker.child.once("exit", r));
  worker.child.kill(signal);
  await exited;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, diagnostics: () => Promise<string> = async () => ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${await diagnostics()}`);
}

export interface PrivateRedis {
  url: string;
  /** Stops redis-server and starts a new one on the same port: no persistence, so every queue is gone. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("Ready to accept connections")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-redis-"));
  const port = await freePort();
  let child = await spawnRedis(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs = 500) {
      await stopChild(child);
      await new Promise((r) => setTimeout(r, downMs));
      child = await spawnRedis(port, dir);
    },
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  /** The `app` database of the private server. */
  url: string;
  /** A fast shutdown (every session ends) and a start on the same port and data. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  // Under /tmp, readable by the `postgres` user the server runs as when we are root.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-pg-"));
  fs.chmodSync(dir, 0o755);
  const quiet = (): void => {};
  let pg: RunningPostgres = await startEmbeddedPostgres(dir, quiet);
  const port = pg.port;
  return {
    url: pg.databaseUrl,
    async restart(downMs = 500) {
      await pg.stop();
      await new Promise((r) => setTimeout(r, downMs));
      pg = await startEmbeddedPostgres(dir, quiet, { port });
    },
    async stop() {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** mulberry32: a small seeded PRNG, so a failing sequence of fault points can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
