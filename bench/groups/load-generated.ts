// Loads generated bench CSVs into an org through the real import path (recordImport + runImport,
// as the worker does), then ANALYZE. Shared by the bench groups that need rows (models, clues).
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb, getSql } from "../../db/client";
import { orgs } from "../../db/schema";
import { makeActor } from "../../lib/auth/actor";
import { recordImport } from "../../lib/datasets/import/commands";
import { runImport } from "../../lib/datasets/import/run-import";
import { BUILTIN_DATASETS } from "../../models/datasets";

/** Imports `<dir>/<key>.csv` for each dataset key (default: every built-in dataset) into the org. */
export async function loadGenerated(dir: string, orgId: string, keys: readonly string[] = BUILTIN_DATASETS.map((d) => d.key)): Promise<void> {
  const [org] = await getDb().select().from(orgs).where(eq(orgs.id, orgId));
  const actor = makeActor("system", "bench", "基准测试", org, ["data_admin"]);
  for (const def of BUILTIN_DATASETS.filter((d) => keys.includes(d.key))) {
    const imp = await recordImport(actor, { datasetKey: def.key, fileName: `${def.key}.csv`, body: fs.createReadStream(path.join(dir, `${def.key}.csv`)), options: { mode: "strict" } });
    const done = await runImport(imp.id, { finalAttempt: true, quality: false });
    if (done.status !== "succeeded") throw new Error(`bench import of ${def.key} failed: ${done.message}`);
    await getSql().unsafe(`analyze ds.${def.key}`);
  }
}
