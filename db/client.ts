import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;

interface Connection {
  sql: Sql;
  db: Db;
}

// One pool per database URL per process (kept on globalThis so `next dev` reloads do not leak
// pools). Keyed by URL so a script (the seed) can point lib/ at another database.
const globalForDb = globalThis as unknown as { __dbConnections?: Map<string, Connection> };

export function connect(url: string, max = 10, applicationName?: string): Connection {
  const client = postgres(url, { max, onnotice: () => {}, ...(applicationName ? { connection: { application_name: applicationName } } : {}) });
  return { sql: client, db: drizzle(client, { schema }) };
}

/** The process's pool `name` on DATABASE_URL, opened on first use. */
function connection(name = "main", max = 10, applicationName?: string): Connection {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL)");
  globalForDb.__dbConnections ??= new Map();
  const key = `${name} ${url}`;
  let conn = globalForDb.__dbConnections.get(key);
  if (!conn) {
    conn = connect(url, max, applicationName);
    globalForDb.__dbConnections.set(key, conn);
  }
  return conn;
}

/** Closes the pools a script opened (the seed, the bench), so the process can exit. */
export async function closeConnections(): Promise<void> {
  const all = [...(globalForDb.__dbConnections?.values() ?? [])];
  globalForDb.__dbConnections?.clear();
  await Promise.all(all.map((c) => c.sql.end({ timeout: 5 })));
}

/** The process-wide Drizzle database. */
export function getDb(): Db {
  return connection().db;
}

/** The process-wide postgres.js client, for COPY and compiled SQL. */
export function getSql(): Sql {
  return connection().sql;
}

/** As many sessions as a worker runs models at once (workers/registry.ts). */
export const RUN_SESSIONS = 2;
/** How the runs' sessions name themselves in pg_stat_activity. */
export const RUNS_APPLICATION_NAME = "shujian runs";

/**
 * A pool of its own for model runs, so each run lands on a session that has run before. A
 * session's first run costs it far more than its later ones (the process maps each shared buffer
 * page the first time it touches it: model 1 took 1.0-1.1 s on fresh sessions, 0.72 s after, on
 * this machine), and the main pool hands each query to the next of its ten sessions in turn.
 */
export function getRunSql(): Sql {
  return connection("runs", RUN_SESSIONS, RUNS_APPLICATION_NAME).sql;
}
