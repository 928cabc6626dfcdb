// A throwaway PostgreSQL + Redis for a bench group: migrated, demo orgs and users, the built-in
// datasets registered (no rows). Whatever the caller's DATABASE_URL, the bench never touches it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { closeConnections, getDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { closeRedis } from "../../lib/redis";
import { seedDemo } from "../../db/seed";
import { orgs, type Org } from "../../db/schema";
import { installBuiltinDatasets } from "../../lib/datasets/catalog";
import { BUILTIN_DATASETS } from "../../models/datasets";
import { startServices, type Services } from "../../scripts/services";

export interface BenchDatabase {
  services: Services;
  dataDir: string;
  /** The district whose rows the bench loads. */
  district: Org;
}

const ENV_KEYS = ["DATABASE_URL", "REDIS_URL", "UPLOAD_DIR"] as const;

export async function withBenchDatabase<T>(name: string, run: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `shujian-bench-${name}-`));
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  const services = await startServices({ dataDir, log: () => {} });
  try {
    process.env.DATABASE_URL = services.databaseUrl;
    process.env.UPLOAD_DIR = path.join(dataDir, "uploads");
    await runMigrations(services.databaseUrl);
    await seedDemo(services.databaseUrl, { withData: false });
    const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
    const [district] = await getDb().select().from(orgs).where(eq(orgs.name, "临江市东城区人民检察院"));
    await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
    return await run({ services, dataDir, district });
  } finally {
    await closeConnections();
    // Else the next group's calls would go to this group's stopped Redis (retrying, slowly).
    await closeRedis();
    await services.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
