import "dotenv/config";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { LostJobRecovery, recoverIntervalMs } from "../lib/jobs/recover";
import { reportHeartbeat, removeHeartbeat } from "../lib/workers/heartbeat";
import { JOB_DEFINITIONS } from "./registry";

/** The worker process: wires each queue in the registry to its lib/ handler. */
async function main(): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set");
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queues = JOB_DEFINITIONS.map((d) => d.queue);
  const workers = JOB_DEFINITIONS.map((def) => {
    const worker = new Worker(def.queue, async (job, token) => def.handle(def.schema.parse(job.data), job, token), {
      connection,
      concurrency: def.concurrency,
      // How soon a job held by a crashed worker is handed to another (tests shorten it).
      lockDuration: Number(process.env.WORKER_LOCK_MS ?? 30_000),
      stalledInterval: Number(process.env.WORKER_STALLED_CHECK_MS ?? 30_000),
    });
    worker.on("failed", (job, error) => {
      // attemptsMade already counts this attempt here; a job that stalled too often fails for good.
      const failedForGood = !!job && (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(error.message));
      if (job && failedForGood && def.failed) {
        const parsed = def.schema.safeParse(job.data);
        if (parsed.success) void def.failed(parsed.data, error.message).catch((e: unknown) => console.error("[worker] failed hook", e));
      }
    });
    // BullMQ reports what it could not do (a lock it could not renew, a job Redis lost in a restart)
    // as "error" events; an EventEmitter without a listener would throw them and end the process.
    worker.on("error", (error) => console.error(`[worker] ${def.queue}: ${error.message}`));
    return worker;
  });
  await reportHeartbeat(connection, queues);
  const beat = setInterval(() => void reportHeartbeat(connection, queues).catch(() => {}), 5000);
  // Records whose job Redis lost (a restart without persistence) are queued again.
  const recovery = new LostJobRecovery();
  const recover = async (): Promise<void> => {
    const found = await recovery.recover();
    if (found.runs + found.imports > 0) console.log(`[worker] re-queued ${found.runs} run(s) and ${found.imports} import(s) whose job was lost`);
  };
  const recovering = setInterval(() => void recover().catch((e: unknown) => console.error(`[worker] recovery: ${(e as Error).message}`)), recoverIntervalMs());
  console.log(`[worker] pid ${process.pid} ready; queues: ${queues.join(", ") || "(none yet)"}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(beat);
    clearInterval(recovering);
    // Let running jobs finish; BullMQ hands unfinished ones to another worker after a crash anyway.
    await Promise.all(workers.map((w) => w.close()));
    await removeHeartbeat(connection, queues).catch(() => {});
    connection.disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error("[worker] failed to start", error);
  process.exit(1);
});
