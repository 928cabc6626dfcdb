import "dotenv/config";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
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
    return worker;
  });
  await reportHeartbeat(connection, queues);
  const beat = setInterval(() => void reportHeartbeat(connection, queues).catch(() => {}), 5000);
  console.log(`[worker] pid ${process.pid} ready; queues: ${queues.join(", ") || "(none yet)"}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(beat);
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
