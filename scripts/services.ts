// Backing services for `npm start` / `npm test`: an embedded PostgreSQL unless DATABASE_URL is set,
// a private redis-server unless REDIS_URL is set. stop() stops only what was started here.
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "./postgres-embedded";
import { startLocalRedis, type RunningRedis } from "./redis-local";

export { freePort, waitForHttp, canConnect, portInUse } from "./net";

export interface StartServicesOptions {
  dataDir: string;
  log?: (s: string) => void;
}

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  /** URL of the `postgres` maintenance DB of the embedded server; null when DATABASE_URL was given. */
  adminDatabaseUrl: string | null;
  /** Ports of what was started here (to check they close after stop). */
  startedPorts: { postgres: number | null; redis: number | null };
  /** Resolves with a description when a started service dies before stop(); never resolves otherwise. */
  unexpectedExit: Promise<string>;
  stop(): Promise<void>;
}

const never = new Promise<string>(() => {});

export async function startServices(opts: StartServicesOptions): Promise<Services> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });

  const givenDatabaseUrl = process.env.DATABASE_URL;
  const givenRedisUrl = process.env.REDIS_URL;
  let postgres: RunningPostgres | null = null;
  let redis: RunningRedis | null = null;
  try {
    // Redis first: its "not installed" error is the likelier one and costs nothing to hit early.
    if (!givenRedisUrl) redis = await startLocalRedis(dataDir, log);
    if (!givenDatabaseUrl) postgres = await startEmbeddedPostgres(dataDir, log);
  } catch (err) {
    await redis?.stop();
    throw err;
  }

  const started = { postgres, redis };
  return {
    databaseUrl: givenDatabaseUrl ?? postgres?.databaseUrl ?? "",
    redisUrl: givenRedisUrl ?? redis?.redisUrl ?? "",
    adminDatabaseUrl: postgres?.adminUrl ?? null,
    startedPorts: { postgres: postgres?.port ?? null, redis: redis?.port ?? null },
    unexpectedExit: Promise.race([postgres?.unexpectedExit ?? never, redis?.unexpectedExit ?? never]),
    stop: () => stopStarted(started),
  };
}

async function stopStarted(started: { postgres: RunningPostgres | null; redis: RunningRedis | null }): Promise<void> {
  const { postgres, redis } = started;
  started.postgres = null; // stop() is idempotent: a second call finds nothing to stop
  started.redis = null;
  const results = await Promise.allSettled([redis?.stop(), postgres?.stop()]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length > 0) throw new Error(`stopping services failed: ${failures.map((f) => String(f.reason)).join("; ")}`);
}
