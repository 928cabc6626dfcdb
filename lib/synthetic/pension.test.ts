// The pension example's planted findings: the independent evaluation of its criterion over the
// generated CSVs (oracle.ts) returns exactly the manifest's hits, no near-miss, every hit note —
// at two scales and seeds (generate.test.ts checks scale 1, seed 42 for every model too), so the
// background never adds a finding by accident.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILTIN_DATASET_KEYS } from "@/models/datasets";
import { generate } from "./generate";
import type { Manifest } from "./manifest";
import { evaluateCriteria, keyString, type Tables } from "./oracle";
import { PENSION_MODEL } from "./pension";
import { csvObjects } from "./read-csv";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function generated(scale: number, seed: number): Promise<{ manifest: Manifest; tables: Tables }> {
  const dir = await mkdtemp(path.join(tmpdir(), "synthetic-pension-"));
  dirs.push(dir);
  const manifest = await generate({ outDir: dir, scale, seed });
  const loaded = await Promise.all(BUILTIN_DATASET_KEYS.map(async (key) => [key, csvObjects(await readFile(path.join(dir, `${key}.csv`), "utf8")).rows] as const));
  return { manifest, tables: Object.fromEntries(loaded) as Tables };
}

describe("the pension example's planted findings", () => {
  it.each([
    [1, 42],
    [2.5, 7],
  ])("at scale %s, seed %s: the criterion finds exactly the planted hits, no near-miss, every noted hit", async (scale, seed) => {
    const { manifest, tables } = await generated(scale, seed);
    const found = evaluateCriteria(tables, manifest.asOf)[PENSION_MODEL];
    const m = manifest.models[PENSION_MODEL];
    const expected = m.hits.map((k) => keyString(k, m.dedupKeyFields)).sort();
    const actual = found.map((k) => keyString(k, m.dedupKeyFields)).sort();
    expect(actual).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);
    expect(m.hits.length).toBeGreaterThanOrEqual(5);
    expect(m.nearMisses.length).toBeGreaterThanOrEqual(6);
    const hits = new Set(actual);
    for (const miss of m.nearMisses) expect(hits.has(keyString(miss, m.dedupKeyFields)), miss.what).toBe(false);
    for (const note of m.hitNotes) expect(hits.has(keyString(note, m.dedupKeyFields)), note.what).toBe(true);
  }, 60_000);

  it("pays pensions monthly, one row a month, and releases only after admission and before the run date", async () => {
    const { manifest, tables } = await generated(1, 42);
    const perMonth = new Set<string>();
    for (const p of tables.pension_payment) {
      expect(p.pay_month.endsWith("-01"), p.payment_no).toBe(true);
      expect(p.pay_date.slice(0, 7)).toBe(p.pay_month.slice(0, 7));
      const key = `${p.id_number}|${p.pay_month}`;
      expect(perMonth.has(key), key).toBe(false);
      perMonth.add(key);
    }
    const admissions = new Map(tables.prison_admission.map((a) => [a.admission_no, a]));
    for (const r of tables.prison_release) {
      const a = admissions.get(r.admission_no);
      expect(a, r.release_no).toBeDefined();
      expect(r.id_number).toBe(a!.id_number);
      expect(r.release_date > a!.admission_date && r.release_date < manifest.asOf, r.release_no).toBe(true);
    }
    expect(tables.prison_release.length).toBeGreaterThan(100);
    expect(tables.pension_payment.length).toBeGreaterThan(500);
  }, 60_000);
});
