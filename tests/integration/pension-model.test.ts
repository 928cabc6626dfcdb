// The calendar-month example model (models/examples/pension-paid-in-custody.json) over the
// generator's data finds EXACTLY its planted hits — one per admission, no near-miss — in any session
// time zone; its explanation reads the months in Chinese, and a real run writes one clue per hit.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { clues, dataApplications, datasets, models, modelVersions, orgs, runs } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { addDays, chinaToday } from "@/lib/calendar/china-date";
import { getClue } from "@/lib/clues/queries";
import { installBuiltinDatasets } from "@/lib/datasets/catalog";
import { startImport } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { definitionHash } from "@/lib/models/registry";
import { checkRule } from "@/lib/rules/check";
import { compileRule } from "@/lib/rules/compile";
import { statementParams } from "@/lib/rules/params";
import { postgresRegexProblems } from "@/lib/rules/regex";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { generate } from "@/lib/synthetic/generate";
import type { Manifest } from "@/lib/synthetic/manifest";
import { PENSION_MODEL } from "@/lib/synthetic/pension";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { PENSION_PAID_IN_CUSTODY } from "@/models/examples";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const DATASETS = ["pension_payment", "prison_admission", "prison_release"] as const;
const ctx = { datasets: new Map(BUILTIN_DATASETS.map((d) => [d.key, d])), granted: null };
let database: TestDatabase;
let admin: Actor;
let prosecutor: Actor;
let dir: string;
let manifest: Manifest;
let modelId: string;

interface HitRow {
  dedup_key: string;
  title: string;
  subject_id: string;
  evidence: { aggregates: { months: string[]; payments: number; admitted: string } };
}

beforeAll(async () => {
  usePrivateRedis(13);
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  admin = await actorFor("data_admin");
  prosecutor = await actorFor("prosecutor");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-pension-"));
  manifest = await generate({ outDir: dir, scale: 1, seed: 31 });
  const today = chinaToday();
  for (const key of DATASETS) {
    const imp = await startImport(admin, { datasetKey: key, fileName: `${key}.csv`, body: fs.createReadStream(path.join(dir, `${key}.csv`)), options: { mode: "strict" } });
    const done = await runImport(imp.id, { finalAttempt: true, quality: false });
    expect(done.status, `${key}: ${done.message}`).toBe("succeeded");
    const [ds] = await getDb().select({ id: datasets.id }).from(datasets).where(eq(datasets.key, key));
    await getDb().insert(dataApplications).values({
      datasetId: ds.id, orgId: prosecutor.orgId, applicantId: admin.id, purpose: "测试：日历月份示例模型", validFrom: addDays(today, -1), validTo: addDays(today, 30),
      status: "approved", deciderId: admin.id, decidedAt: new Date(),
    });
  }
  const { rule } = PENSION_PAID_IN_CUSTODY;
  const [model] = await getDb().insert(models).values({ key: PENSION_PAID_IN_CUSTODY.key, name: PENSION_PAID_IN_CUSTODY.name, businessLine: "administrative", ownerOrgId: prosecutor.orgId }).returning();
  await getDb().insert(modelVersions).values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status: "published", publishedAt: new Date() });
  modelId = model.id;
}, 180_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

/** The example's statement, run on one connection whose session time zone is `zone`. */
async function hits(zone: string): Promise<HitRow[]> {
  const compiled = compileRule(PENSION_PAID_IN_CUSTODY.rule, ctx);
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`set time zone '${zone}'`);
    return await sql.unsafe<HitRow[]>(compiled.text, statementParams({ orgId: admin.orgId, runDate: manifest.asOf }, compiled.values) as never[]);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** [admission_no, id_number] of a hit (the rule's key adds the name, which the grouping needs). */
const keyOf = (row: HitRow): string => JSON.stringify((JSON.parse(row.dedup_key) as string[]).slice(0, 2));
const planted = (k: Record<string, string>): string => JSON.stringify([k.admission_no, k.id_number]);

describe("calendar months on planted data: pension paid in custody", () => {
  it("passes the checker and finds exactly the planted admissions, one row each, in every session time zone", async () => {
    expect(admin.orgId).toBe(prosecutor.orgId);
    expect(await checkRule(PENSION_PAID_IN_CUSTODY.rule, ctx, postgresRegexProblems)).toEqual([]);
    const expected = manifest.models[PENSION_MODEL];
    expect(expected.hits.length).toBeGreaterThanOrEqual(5);
    for (const zone of ["Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati"]) {
      const found = (await hits(zone)).map(keyOf);
      expect(new Set(found).size, zone).toBe(found.length);
      expect(found.sort(), zone).toEqual(expected.hits.map(planted).sort());
      for (const miss of expected.nearMisses) expect(found, `${zone}: ${miss.what}`).not.toContain(planted(miss));
    }
  });

  it("lists exactly the custody months paid as evidence: one month after admission", async () => {
    const note = manifest.models[PENSION_MODEL].hitNotes.find((n) => /one custody month only/.test(n.what))!;
    const row = (await hits("UTC")).find((r) => keyOf(r) === planted(note))!;
    const admitted = row.evidence.aggregates.admitted;
    const next = new Date(`${admitted.slice(0, 7)}-01T00:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    expect(row.evidence.aggregates.months).toEqual([next.toISOString().slice(0, 10)]);
    expect(row.evidence.aggregates.payments).toBe(1);
    expect(row.title).toMatch(/^.+服刑期间领取养老金（收押编号 JY\d{4}\d+）$/);
  });

  it("a real run writes one clue per admission, explained in months, ID numbers masked", async () => {
    const run = await startRun(prosecutor, modelId, { runDate: manifest.asOf });
    expect(await executeRun(run.id, { finalAttempt: true })).toBe("succeeded");
    const [done] = await getDb().select().from(runs).where(eq(runs.id, run.id));
    expect(done.hits).toBe(manifest.models[PENSION_MODEL].hits.length);
    expect(done.newClues).toBe(done.hits);

    const id = manifest.models[PENSION_MODEL].hits[0].id_number;
    const [stored] = await getDb().select({ id: clues.id }).from(clues).where(eq(clues.subjectId, id));
    const clue = await getClue(prosecutor, String(stored.id));
    const lines = clue.explanation.lines.map((l) => `${"  ".repeat(l.depth)}${l.text}`);
    expect(lines).toContain("  养老金发放.所属月份 所在月晚于 监狱收押.收押日期 所在月");
    expect(lines).toContain("  养老金发放.所属月份 所在月不早于 运行日前 24 个月所在月");
    expect(lines).toContain("    监狱出监.出监日期 所在月不晚于 养老金发放.所属月份 所在月");
    expect(JSON.stringify(clue)).not.toContain(id);
  });
});
