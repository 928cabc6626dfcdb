import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";

/** Queue names, shared by the enqueuing side (lib/) and the worker registry. */
export const QUEUE_NAMES = {
  datasetImport: "dataset-import",
  modelRun: "model-run",
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

const globalForQueues = globalThis as unknown as { __queues?: Map<string, Queue>; __queueConnection?: Redis };

/** BullMQ needs maxRetriesPerRequest: null on its connections. */
export function queueConnection(): Redis {
  if (!globalForQueues.__queueConnection) {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error("REDIS_URL is not set");
    globalForQueues.__queueConnection = new Redis(url, { maxRetriesPerRequest: null });
  }
  return globalForQueues.__queueConnection;
}

export function getQueue(name: QueueName): Queue {
  globalForQueues.__queues ??= new Map();
  let queue = globalForQueues.__queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: queueConnection() });
    globalForQueues.__queues.set(name, queue);
  }
  return queue;
}

/** Retried after a crash or an error; finished jobs are trimmed (the database keeps the record). */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export async function enqueue(name: QueueName, jobName: string, data: Record<string, unknown>, jobId: string): Promise<void> {
  await getQueue(name).add(jobName, data, { ...DEFAULT_JOB_OPTIONS, jobId });
}
