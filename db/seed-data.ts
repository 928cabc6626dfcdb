// Demo data: the built-in dataset definitions, and generated rows imported for two district
// orgs through the real import path (recordImport + runImport, the same code the worker runs).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { BUILTIN_DATASETS } from "../models/datasets";
import { BUILTIN_MODELS } from "../models/rules";
import { installBuiltinModels } from "../lib/models/registry";
import { makeActor } from "../lib/auth/actor";
import { installBuiltinDatasets } from "../lib/datasets/catalog";
import { recordImport } from "../lib/datasets/import/commands";
import { runImport } from "../lib/datasets/import/run-import";
import { generate } from "../lib/synthetic/generate";
import { closeConnections, getDb } from "./client";
import { dataApplications, datasets, orgs, users } from "./schema";
import { addDays, chinaToday } from "../lib/calendar/china-date";
import { seedDemoClues } from "./seed-clues";
import { seedDemoHistory } from "./seed-history";

/** Which demo orgs get generated data, and with which generator seed. */
export const DEMO_DATA_ORGS: { name: string; seed: number }[] = [
  { name: "临江市东城区人民检察院", seed: 42 },
  { name: "青山市南湖区人民检察院", seed: 43 },
];

/**
 * Live grants for the demo orgs on the built-in datasets, as if each had applied and been approved,
 * so the built-in models can run on the demo data at once.
 */
async function grantDemoData(org: typeof orgs.$inferSelect): Promise<void> {
  const db = getDb();
  const members = await db.select().from(users).where(eq(users.orgId, org.id));
  const applicant = members[0];
  if (!applicant) return;
  const decider = members.find((u) => u.roles.includes("data_admin")) ?? null;
  const catalog = await db.select({ id: datasets.id }).from(datasets).where(eq(datasets.builtin, true));
  const today = chinaToday();
  await db.insert(dataApplications).values(
    catalog.map((d) => ({
      datasetId: d.id,
      orgId: org.id,
      applicantId: applicant.id,
      purpose: "演示：内置监督模型使用本院数据",
      validFrom: addDays(today, -1),
      validTo: addDays(today, 364),
      status: "approved" as const,
      deciderId: decider?.id ?? null,
      decidedAt: new Date(),
      comment: "演示数据自动授权",
    })),
  );
}

async function importOrgData(org: typeof orgs.$inferSelect, dir: string): Promise<number> {
  const actor = makeActor("system", "seed", "演示数据导入", org, ["data_admin"]);
  let rows = 0;
  for (const def of BUILTIN_DATASETS) {
    const file = path.join(dir, `${def.key}.csv`);
    const imp = await recordImport(actor, { datasetKey: def.key, fileName: `${def.key}.csv`, body: fs.createReadStream(file), options: { mode: "strict" } });
    const done = await runImport(imp.id, { finalAttempt: true });
    if (done.status !== "succeeded") throw new Error(`demo import of ${def.key} failed: ${done.message}`);
    rows += done.rowsImported;
  }
  return rows;
}

/**
 * On a database seeded by an earlier release: installs the built-in datasets it lacks (empty;
 * their rows come by import) and publishes the built-in models whose files changed as their next
 * version (see installBuiltinModels). Answers how many models were installed or upgraded.
 */
export async function upgradeBuiltins(databaseUrl: string): Promise<number> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province")).limit(1);
    if (!province) return 0;
    await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
    return await installBuiltinModels(getDb(), province.id, BUILTIN_MODELS);
  } finally {
    await closeConnections();
    process.env.DATABASE_URL = previous;
  }
}

/** Installs the built-in datasets (owned by the province) and imports demo rows. */
export async function seedDemoData(databaseUrl: string, opts: { scale?: number; clues?: boolean } = {}): Promise<{ datasets: number; rows: number; clues: number }> {
  const scale = opts.scale ?? 1;
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-demo-"));
  try {
    const db = getDb();
    const [province] = await db.select().from(orgs).where(eq(orgs.level, "province")).limit(1);
    const created = await installBuiltinDatasets(db, province.id, BUILTIN_DATASETS);
    await installBuiltinModels(db, province.id, BUILTIN_MODELS);
    const targets = await db.select().from(orgs).where(inArray(orgs.name, DEMO_DATA_ORGS.map((o) => o.name)));
    let rows = 0;
    let asOf = chinaToday();
    const seeded: (typeof orgs.$inferSelect)[] = [];
    for (const { name, seed } of DEMO_DATA_ORGS) {
      const org = targets.find((o) => o.name === name);
      if (!org) continue;
      const orgDir = path.join(dir, String(seed));
      asOf = (await generate({ outDir: orgDir, scale, seed })).asOf;
      rows += await importOrgData(org, orgDir);
      await grantDemoData(org);
      seeded.push(org);
    }
    // Run as of the generator's reference day, so the demo finds exactly the planted clues.
    const clues = opts.clues === false ? 0 : await seedDemoClues(seeded, asOf);
    // A year of past clues in three districts, so the statistics page has a trend on the first start.
    if (opts.clues !== false) await seedDemoHistory();
    return { datasets: created, rows, clues };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await closeConnections();
    process.env.DATABASE_URL = previous;
  }
}
