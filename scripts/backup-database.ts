// Which PostgreSQL `npm run backup` / `npm run restore` talk to: DATABASE_URL when set; else the
// embedded server of DATA_DIR — the one a running `npm start` owns, or, when the platform is
// stopped, one started here for the duration (and stopped after).
import fs from "node:fs";
import path from "node:path";
import { config as loadDotenv } from "dotenv";
import { startEmbeddedPostgres } from "./postgres-embedded";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface DatabaseHandle {
  url: string;
  release(): Promise<void>;
}

export function dataDir(): string {
  return path.resolve(ROOT, process.env.DATA_DIR ?? ".data");
}

/** The port of the embedded postmaster running on DATA_DIR, or null (postmaster.pid: pid on line 1, port on line 4). */
function runningEmbeddedPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number.isInteger(port) && port > 0 ? port : null;
}

export async function openDatabase(log: (s: string) => void): Promise<DatabaseHandle> {
  loadDotenv({ path: path.join(ROOT, ".env"), quiet: true });
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, release: async () => {} };
  const port = runningEmbeddedPort(path.join(dataDir(), "pg"));
  if (port) return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/app`, release: async () => {} };
  if (!fs.existsSync(path.join(dataDir(), "pg", "PG_VERSION"))) {
    throw new Error(`没有找到数据库：未设置 DATABASE_URL，${dataDir()} 下也没有内置数据库。请设置 DATABASE_URL，或先执行 npm start。`);
  }
  const pg = await startEmbeddedPostgres(dataDir(), log);
  return { url: pg.databaseUrl, release: () => pg.stop() };
}
