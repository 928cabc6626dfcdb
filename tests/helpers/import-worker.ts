// The real worker process on the test's database and private Redis, and the waits around it.
import { spawn, type ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { datasetImports, type DatasetImport } from "@/db/schema";
import { WORKER_NODE_ARGS } from "../../scripts/worker-command";

/** Workers started by a test file (kill them in afterAll with `killWorkers`). */
export class WorkerPool {
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly databaseUrl: () => string,
    private readonly redisUrl: () => string,
  ) {}

  /** A worker that hands a crashed worker's job on within seconds (tests shorten BullMQ's locks). */
  start(env: Record<string, string> = {}): ChildProcess {
    const child = spawn(process.execPath, WORKER_NODE_ARGS, {
      env: { ...process.env, DATABASE_URL: this.databaseUrl(), REDIS_URL: this.redisUrl(), WORKER_LOCK_MS: "3000", WORKER_STALLED_CHECK_MS: "1500", ...env },
      stdio: "ignore",
    });
    this.children.push(child);
    return child;
  }

  /** SIGKILLs every worker still running and waits for each to exit. */
  async killAll(): Promise<void> {
    for (const child of this.children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
  }
}

export async function importRow(id: string): Promise<DatasetImport> {
  const [row] = await getDb().select().from(datasetImports).where(eq(datasetImports.id, id));
  return row;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}
