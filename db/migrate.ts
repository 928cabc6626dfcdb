import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { connect } from "./client";

const MIGRATIONS_FOLDER = path.join(import.meta.dirname, "migrations");

/** Applies every pending migration (idempotent). Imported datasets live in schema `ds`. */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const { sql, db } = connect(databaseUrl, 1);
  try {
    await sql`create schema if not exists ds`;
    await sql`create schema if not exists ds_part`;
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await sql.end();
  }
}
