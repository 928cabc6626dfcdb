// Parameters on planted data: the built-ins compiled with other values of their parameters find
// EXACTLY what the independent oracle (lib/synthetic/oracle.ts) finds with the same values — the
// planted near-misses of model 1 (effective 29 days before the run date…) become hits under a
// shorter grace period, model 4's lenders change with the thresholds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
import { orgs } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { compileRule } from "@/lib/rules/compile";
import type { ParamValues } from "@/lib/rules/nodes/param";
import { statementParams } from "@/lib/rules/params";
import { generate } from "@/lib/synthetic/generate";
import type { KeyValues, Manifest } from "@/lib/synthetic/manifest";
import { keyString, model1, model4, type Tables } from "@/lib/synthetic/oracle";
import { csvObjects } from "@/lib/synthetic/read-csv";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let admin: Actor;
let dir: string;
let manifest: Manifest;
let tables: Tables;
const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  admin = await actorFor("data_admin");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-params-"));
  manifest = await generate({ outDir: dir, scale: 1, seed: 11 });
  const loaded: Record<string, unknown> = {};
  for (const def of BUILTIN_DATASETS) {
    const file = path.join(dir, `${def.key}.csv`);
    const imp = await startImport(admin, { datasetKey: def.key, fileName: `${def.key}.csv`, body: fs.createReadStream(file), options: { mode: "strict" } });
    const done = await runImport(imp.id, { finalAttempt: true, quality: false });
    expect(done.status, `${def.key}: ${done.message}`).toBe("succeeded");
    loaded[def.key] = csvObjects(fs.readFileSync(file, "utf8")).rows;
  }
  tables = loaded as Tables;
}, 180_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

/** The built-in's hits with these parameter values, as the oracle's keys (the rule's key may extend the manifest's). */
async function hitsWith(number: 1 | 4, values: ParamValues): Promise<string[]> {
  const model = BUILTIN_MODELS.find((m) => m.number === number)!;
  const compiled = compileRule(model.rule, ctx, values);
  const rows = await getSql().unsafe<{ dedup_key: string }[]>(compiled.text, statementParams({ orgId: admin.orgId, runDate: manifest.asOf }, compiled.values));
  const fields = manifest.models[String(number) as "1" | "4"].dedupKeyFields;
  return rows.map((r) => keyString(Object.fromEntries(fields.map((f, i) => [f, (JSON.parse(r.dedup_key) as string[])[i]])) as KeyValues, fields)).sort();
}

function oracleKeys(number: 1 | 4, keys: KeyValues[]): string[] {
  const fields = manifest.models[String(number) as "1" | "4"].dedupKeyFields;
  return keys.map((k) => keyString(k, fields)).sort();
}

describe("built-ins with other parameter values, on planted data", () => {
  it("model 1 at 1, 29, 90 and 365 grace days finds exactly what the oracle finds with them", async () => {
    const atDefault = oracleKeys(1, model1(tables, manifest.asOf));
    for (const graceDays of [1, 29, 90, 365]) {
      const expected = oracleKeys(1, model1(tables, manifest.asOf, graceDays));
      expect(await hitsWith(1, { graceDays }), `graceDays ${graceDays}`).toEqual(expected);
    }
    // The values matter on this data: the planted near-misses lie on both sides of 30 days.
    expect(oracleKeys(1, model1(tables, manifest.asOf, 29))).not.toEqual(atDefault);
    expect(oracleKeys(1, model1(tables, manifest.asOf, 90))).not.toEqual(atDefault);
  });

  it("model 4 with other suit counts, shares and windows finds exactly what the oracle finds with them", async () => {
    const atDefault = oracleKeys(4, model4(tables, manifest.asOf));
    const cases: { values: ParamValues; oracle: Parameters<typeof model4>[2] }[] = [
      { values: { minSuits: 4 }, oracle: { minSuits: 4 } },
      { values: { minSuits: 6 }, oracle: { minSuits: 6 } },
      { values: { minShare: 0.5 }, oracle: { minShareTenths: 5 } },
      { values: { minShare: 0.8 }, oracle: { minShareTenths: 8 } },
      { values: { windowDays: 200, minSuits: 3 }, oracle: { windowDays: 200, minSuits: 3 } },
    ];
    let changed = 0;
    for (const c of cases) {
      const expected = oracleKeys(4, model4(tables, manifest.asOf, c.oracle));
      if (JSON.stringify(expected) !== JSON.stringify(atDefault)) changed += 1;
      expect(await hitsWith(4, c.values), JSON.stringify(c.values)).toEqual(expected);
    }
    expect(changed).toBeGreaterThanOrEqual(3);
  });
});
