import "server-only";
import { getSql } from "@/db/client";
import { getRedis } from "./redis";
import { onlineWorkers } from "./workers/heartbeat";

export interface Health {
  status: "ok" | "degraded";
  database: boolean;
  redis: boolean;
  workers: number;
  time: string;
}

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Database and Redis reachability, and how many worker processes reported in recently. */
export async function checkHealth(): Promise<Health> {
  const [database, redis] = await Promise.all([probe(() => getSql()`select 1`), probe(() => getRedis().ping())]);
  const workers = redis ? await onlineWorkers(getRedis()).catch(() => 0) : 0;
  return { status: database && redis ? "ok" : "degraded", database, redis, workers, time: new Date().toISOString() };
}
