// The built-in models run as compiled SQL inside Postgres over the generator's data and find
// EXACTLY the planted hits in its manifest — every one, and no near-miss.
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
import { checkRule } from "@/lib/rules/check";
import { compileRule } from "@/lib/rules/compile";
import { statementParams } from "@/lib/rules/params";
import { postgresRegexProblems } from "@/lib/rules/regex";
import { generate } from "@/lib/synthetic/generate";
import type { Manifest } from "@/lib/synthetic/manifest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { BUILTIN_MODELS } from "@/models/rules";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let admin: Actor;
let dir: string;
let manifest: Manifest;
const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  admin = await actorFor("data_admin");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-models-"));
  manifest = await generate({ outDir: dir, scale: 1, seed: 11 });
  for (const def of BUILTIN_DATASETS) {
    const imp = await startImport(admin, { datasetKey: def.key, fileName: `${def.key}.csv`, body: fs.createReadStream(path.join(dir, `${def.key}.csv`)), options: { mode: "strict" } });
    const done = await runImport(imp.id, { finalAttempt: true, quality: false });
    expect(done.status, `${def.key}: ${done.message}`).toBe("succeeded");
  }
}, 180_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

/** The manifest's key objects as the compiled statement's dedup_key (a JSON array in key order). */
function keyText(fields: string[], entry: Record<string, unknown>): string {
  return JSON.stringify(fields.map((f) => entry[f]));
}

describe("built-in models on planted data", () => {
  for (const model of BUILTIN_MODELS) {
    it(`model ${model.number} ${model.name} finds exactly the planted hits`, async () => {
      expect(await checkRule(model.rule, ctx, postgresRegexProblems)).toEqual([]);
      const compiled = compileRule(model.rule, ctx);
      const rows = await getSql().unsafe<{ dedup_key: string; title: string; evidence: Record<string, unknown> }[]>(compiled.text, statementParams({ orgId: admin.orgId, runDate: manifest.asOf }, compiled.values));
      const expected = manifest.models[String(model.number) as keyof Manifest["models"]];
      // The rule's key may extend the manifest's (model 8 adds the correction's start date).
      const width = expected.dedupKeyFields.length;
      const found = new Set(rows.map((r) => JSON.stringify((JSON.parse(r.dedup_key) as unknown[]).slice(0, width))));
      expect(found.size).toBe(rows.length);
      const planted = new Set(expected.hits.map((h) => keyText(expected.dedupKeyFields, h as Record<string, unknown>)));
      expect(planted.size).toBeGreaterThanOrEqual(5);
      expect([...found].sort()).toEqual([...planted].sort());
      for (const miss of expected.nearMisses) expect(found.has(keyText(expected.dedupKeyFields, miss as Record<string, unknown>)), JSON.stringify(miss)).toBe(false);
      expect(rows[0].title).not.toMatch(/[{}]/);
      expect(rows.every((r) => r.title.length > 4)).toBe(true);
    });
  }
});
