// The sliding-window example model (models/examples/repeated-inpatient-stays.json) over the
// generator's data finds EXACTLY its planted hits — one clue per insured person, no near-miss —
// and a real run shows the densest window as evidence and in the explanation, masked.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db/client";
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
import { previewRule } from "@/lib/rules/service";
import type { WindowEvidence } from "@/lib/rules/nodes/window";
import { statementParams } from "@/lib/rules/params";
import { postgresRegexProblems } from "@/lib/rules/regex";
import { startRun } from "@/lib/runs/commands";
import { executeRun } from "@/lib/runs/execute";
import { generate } from "@/lib/synthetic/generate";
import type { Manifest } from "@/lib/synthetic/manifest";
import { WINDOW_MODEL } from "@/lib/synthetic/plant-window";
import { BUILTIN_DATASETS } from "@/models/datasets";
import { REPEATED_INPATIENT_STAYS } from "@/models/examples";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";

const DATASET = "medical_settlement";
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
  evidence: { window: WindowEvidence };
}

beforeAll(async () => {
  usePrivateRedis(11);
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  admin = await actorFor("data_admin");
  prosecutor = await actorFor("prosecutor");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-window-"));
  manifest = await generate({ outDir: dir, scale: 1, seed: 23 });
  const imp = await startImport(admin, { datasetKey: DATASET, fileName: `${DATASET}.csv`, body: fs.createReadStream(path.join(dir, `${DATASET}.csv`)), options: { mode: "strict" } });
  const done = await runImport(imp.id, { finalAttempt: true, quality: false });
  expect(done.status, done.message ?? "").toBe("succeeded");

  // The prosecutor's org (the importer's) may use the dataset; the example is installed as its own model.
  const [ds] = await getDb().select({ id: datasets.id }).from(datasets).where(eq(datasets.key, DATASET));
  const today = chinaToday();
  await getDb().insert(dataApplications).values({
    datasetId: ds.id, orgId: prosecutor.orgId, applicantId: admin.id, purpose: "测试：滑动窗口示例模型", validFrom: addDays(today, -1), validTo: addDays(today, 30),
    status: "approved", deciderId: admin.id, decidedAt: new Date(),
  });
  const { rule } = REPEATED_INPATIENT_STAYS;
  const [model] = await getDb().insert(models).values({ key: REPEATED_INPATIENT_STAYS.key, name: REPEATED_INPATIENT_STAYS.name, businessLine: "public_interest", ownerOrgId: prosecutor.orgId }).returning();
  await getDb().insert(modelVersions).values({ modelId: model.id, version: 1, definition: rule, contentHash: definitionHash(rule), status: "published", publishedAt: new Date() });
  modelId = model.id;
}, 180_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

async function hits(): Promise<HitRow[]> {
  const compiled = compileRule(REPEATED_INPATIENT_STAYS.rule, ctx);
  return getSql().unsafe<HitRow[]>(compiled.text, statementParams({ orgId: admin.orgId, runDate: manifest.asOf }, compiled.values));
}

function noteKey(what: RegExp): string {
  const note = manifest.models[WINDOW_MODEL].hitNotes.find((n) => what.test(n.what));
  if (!note) throw new Error(`no hit note ${what}`);
  return note.id_number;
}

describe("sliding windows per subject on planted data", () => {
  it("the example model passes the checker and finds exactly the planted people, one row each", async () => {
    expect(admin.orgId).toBe(prosecutor.orgId);
    expect(await checkRule(REPEATED_INPATIENT_STAYS.rule, ctx, postgresRegexProblems)).toEqual([]);
    const rows = await hits();
    const found = rows.map((r) => r.dedup_key);
    expect(new Set(found).size).toBe(rows.length);
    const expected = manifest.models[WINDOW_MODEL];
    expect(expected.hits.length).toBeGreaterThanOrEqual(5);
    expect(found.sort()).toEqual(expected.hits.map((h) => JSON.stringify([h.id_number])).sort());
    for (const miss of expected.nearMisses) expect(found, miss.what).not.toContain(JSON.stringify([miss.id_number]));
  });

  it("a person with two qualifying bursts is ONE finding whose evidence is the denser burst, with its start and end", async () => {
    const id = noteKey(/two qualifying bursts/);
    const [row] = (await hits()).filter((r) => r.subject_id === id);
    const w = row.evidence.window;
    expect(w.count).toBe(4);
    expect(w.matching).toBe(4);
    expect(w.days).toBe(90);
    expect(w.events).toHaveLength(4);
    const dates = w.events.map((e) => String(e.i.admission_date));
    expect(dates).toEqual([...dates].sort());
    expect([dates[0], dates[3]]).toEqual([w.start, w.end]);
    expect(w.events.every((e) => e.i.id_number === id)).toBe(true);
    expect(row.title).toMatch(/90日内频繁住院且多为短期住院$/);
  });

  it("the share counts as the criterion says: 3 of 5 short is 60%", async () => {
    const id = noteKey(/exactly 3 of them short/);
    const [row] = (await hits()).filter((r) => r.subject_id === id);
    expect({ count: row.evidence.window.count, matching: row.evidence.window.matching }).toEqual({ count: 5, matching: 3 });
  });

  it("a real run writes one clue per person; the clue shows the window in its explanation and masked evidence", async () => {
    const run = await startRun(prosecutor, modelId, { runDate: manifest.asOf });
    expect(await executeRun(run.id, { finalAttempt: true })).toBe("succeeded");
    const [done] = await getDb().select().from(runs).where(eq(runs.id, run.id));
    expect(done.hits).toBe(manifest.models[WINDOW_MODEL].hits.length);
    expect(done.newClues).toBe(done.hits);

    const id = noteKey(/two qualifying bursts/);
    const [stored] = await getDb().select({ id: clues.id }).from(clues).where(eq(clues.subjectId, id));
    const clue = await getClue(prosecutor, String(stored.id));
    const lines = clue.explanation.lines.map((l) => `${l.text}${l.value === undefined ? "" : ` — ${l.value}`}`);
    expect(lines).toContainEqual(expect.stringMatching(/^记录数 ≥ 3（窗口内最少住院次数） — 4 条（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）$/));
    expect(lines).toContainEqual(expect.stringMatching(/占比 ≥ 60%（短期住院最低占比） — 4 条，占 100%$/));

    const [summary, events] = clue.evidence;
    expect(summary.datasetName).toBe("最密集窗口");
    expect(summary.fields.map((f) => `${f.label}：${f.value}`)).toEqual([
      expect.stringMatching(/^起止日期：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$/),
      "窗口天数：90 日",
      "记录数：4",
      "其中满足条件：4（100%）",
    ]);
    expect(events.table?.rows).toHaveLength(4);
    const idColumn = events.table!.columns.findIndex((c) => c.name === "id_number");
    for (const r of events.table!.rows) {
      expect(r[idColumn]).not.toBe(id);
      expect(r[idColumn]).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    }
    expect(JSON.stringify(clue)).not.toContain(id);
  });

  it("a preview pages the window clues (one per person) with the count, the events masked", async () => {
    const expected = manifest.models[WINDOW_MODEL].hits.length;
    const first = await previewRule(prosecutor, { definition: REPEATED_INPATIENT_STAYS.rule, runDate: manifest.asOf, limit: 3 });
    expect(first.count).toBe(expected);
    expect(first.clues).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const next = await previewRule(prosecutor, { definition: REPEATED_INPATIENT_STAYS.rule, runDate: manifest.asOf, limit: 500, cursor: first.nextCursor, funnel: false });
    expect(first.clues.length + next.clues.length).toBe(expected);
    for (const clue of [...first.clues, ...next.clues]) {
      const w = clue.evidence.window as WindowEvidence;
      expect(w.count).toBeGreaterThanOrEqual(3);
      for (const e of w.events) expect(String(e.i.id_number)).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    }
  });
});
