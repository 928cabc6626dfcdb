import "server-only";
import { Redis } from "ioredis";

const globalForRedis = globalThis as unknown as { __redis?: Redis };

/** The process-wide Redis client (rate limits, queues). */
export function getRedis(): Redis {
  if (!globalForRedis.__redis) {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error("REDIS_URL is not set (npm start sets it for the local redis-server)");
    globalForRedis.__redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  }
  return globalForRedis.__redis;
}

/** Closes the process-wide client (a bench group whose Redis stops; the next getRedis connects anew). */
export async function closeRedis(): Promise<void> {
  const client = globalForRedis.__redis;
  delete globalForRedis.__redis;
  await client?.quit().catch(() => undefined);
}
