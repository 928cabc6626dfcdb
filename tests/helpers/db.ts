// Isolated databases for integration tests: each is a clone of the migrated `template_test`
// that `npm test` (scripts/test.ts) prepares on its throwaway PostgreSQL.
import crypto from "node:crypto";
import postgres from "postgres";
import { databaseUrlFor, dropDatabase } from "../../scripts/database-admin";

export interface TestDatabase {
  /** Connection URL of the new, migrated, empty database. */
  url: string;
  drop(): Promise<void>;
}

const OBJECT_IN_USE = "55006"; // a clone racing another session on the template

function harnessEnv(): { adminUrl: string; template: string } {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const template = process.env.TEST_TEMPLATE_DB;
  if (!adminUrl || !template) {
    throw new Error("TEST_ADMIN_DATABASE_URL / TEST_TEMPLATE_DB are not set: run integration tests through `npm test`.");
  }
  return { adminUrl, template };
}

async function cloneTemplate(adminUrl: string, name: string, template: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await sql`create database ${sql(name)} template ${sql(template)}`;
        return;
      } catch (err) {
        const code = err instanceof postgres.PostgresError ? err.code : "";
        if (code !== OBJECT_IN_USE || attempt >= 10) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates `CREATE DATABASE test_… TEMPLATE template_test`; call drop() in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = harnessEnv();
  const name = `test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  await cloneTemplate(adminUrl, name, template);
  return {
    url: databaseUrlFor(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}
