// Database-level chores (create / drop / clone) done over an admin connection with postgres.js.
import postgres, { type Sql } from "postgres";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The same server URL pointing at another database. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Tests drop and create databases: never let them near a server that is not on this machine. */
export function assertLocalDatabaseUrl(url: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: ${url}`);
  }
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(
      `Refusing to run tests against DATABASE_URL on host "${host}": tests create and drop databases, ` +
        `so only localhost/127.0.0.1 is allowed. Unset DATABASE_URL to use a throwaway embedded PostgreSQL.`,
    );
  }
}

async function withAdmin<T>(adminUrl: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withAdmin(adminUrl, async (sql) => {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  });
}

/** Creates `name` unless it exists (first start of a data dir, or a start interrupted before it). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  if (await databaseExists(adminUrl, name)) return false;
  await withAdmin(adminUrl, (sql) => sql`create database ${sql(name)}`);
  return true;
}

/** Drops `name` (disconnecting its sessions) and creates it again, optionally as a clone of `template`. */
export async function recreateDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withAdmin(adminUrl, async (sql) => {
    await sql`drop database if exists ${sql(name)} with (force)`;
    if (template) await sql`create database ${sql(name)} template ${sql(template)}`;
    else await sql`create database ${sql(name)}`;
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (sql) => sql`drop database if exists ${sql(name)} with (force)`);
}
