// Runs one import in its own process so the bench can report that process's peak memory.
// Usage: node --conditions=react-server --import tsx bench/import-child.ts <datasetKey> <orgId> <file>
import fs from "node:fs";
import { eq } from "drizzle-orm";
import { closeConnections, getDb } from "../db/client";
import { orgs } from "../db/schema";
import { makeActor } from "../lib/auth/actor";
import { recordImport } from "../lib/datasets/import/commands";
import { runImport } from "../lib/datasets/import/run-import";

async function main(): Promise<void> {
  const [datasetKey, orgId, file] = process.argv.slice(2);
  const [org] = await getDb().select().from(orgs).where(eq(orgs.id, orgId));
  const actor = makeActor("system", "bench", "基准测试", org, ["data_admin"]);
  const imp = await recordImport(actor, { datasetKey, fileName: "bench.csv", body: fs.createReadStream(file), options: { mode: "strict" } });
  const started = performance.now();
  const timings: Record<string, number> = {};
  const done = await runImport(imp.id, { finalAttempt: true, quality: false, timings });
  const seconds = (performance.now() - started) / 1000;
  // resourceUsage().maxRSS is in kilobytes.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ status: done.status, message: done.message, rows: done.rowsImported, seconds, peakRssMb, copySeconds: (timings.copy ?? 0) / 1000, indexSeconds: (timings.attach ?? 0) / 1000 }));
  await closeConnections();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
