import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;

interface Connection {
  sql: Sql;
  db: Db;
}

// One pool per process (kept on globalThis so `next dev` reloads do not leak pools).
const globalForDb = globalThis as unknown as { __dbConnection?: Connection };

export function connect(url: string, max = 10): Connection {
  const client = postgres(url, { max, onnotice: () => {} });
  return { sql: client, db: drizzle(client, { schema }) };
}

function connection(): Connection {
  if (!globalForDb.__dbConnection) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL)");
    globalForDb.__dbConnection = connect(url);
  }
  return globalForDb.__dbConnection;
}

/** The process-wide Drizzle database. */
export function getDb(): Db {
  return connection().db;
}

/** The process-wide postgres.js client, for COPY and compiled SQL. */
export function getSql(): Sql {
  return connection().sql;
}
