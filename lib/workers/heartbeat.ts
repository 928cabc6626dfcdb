import { hostname } from "node:os";
import type { Redis } from "ioredis";

const KEY = "workers:heartbeat";
const STALE_MS = 30_000;

/** A worker process reports in every few seconds; health counts the ones seen recently. */
export async function reportHeartbeat(redis: Redis, queues: string[]): Promise<void> {
  const id = `${hostname()}:${process.pid}`;
  const now = Date.now();
  await redis
    .multi()
    .zadd(KEY, now, JSON.stringify({ id, queues }))
    .zremrangebyscore(KEY, 0, now - STALE_MS)
    .exec();
}

export async function onlineWorkers(redis: Redis): Promise<number> {
  return redis.zcount(KEY, Date.now() - STALE_MS, "+inf");
}

export async function removeHeartbeat(redis: Redis, queues: string[]): Promise<void> {
  await redis.zrem(KEY, JSON.stringify({ id: `${hostname()}:${process.pid}`, queues }));
}
