// The generator's deliberately broken files, and its GBK and XLSX copies, through the real import:
// every problem the manifest describes is reported at its row and column; nothing else changes.
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
import { ValidationError } from "@/lib/errors";
import { generate } from "@/lib/synthetic/generate";
import type { Manifest } from "@/lib/synthetic/manifest";
import { BUILTIN_DATASETS } from "@/models/datasets";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let admin: Actor;
let dir: string;
let manifest: Manifest;
const judgment = BUILTIN_DATASETS.find((d) => d.key === "criminal_judgment")!;
const labelOf = (name: string | null): string => (name ? judgment.fields.find((f) => f.name === name)!.label : "（整行）");

beforeAll(async () => {
  database = await setupDemoDatabase();
  const [province] = await getDb().select().from(orgs).where(eq(orgs.level, "province"));
  await installBuiltinDatasets(getDb(), province.id, BUILTIN_DATASETS);
  admin = await actorFor("data_admin");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-gen-"));
  manifest = await generate({ outDir: dir, scale: 0.05, seed: 7 });
}, 120_000);
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

async function importFile(file: string, datasetKey = "criminal_judgment", mode: "strict" | "lenient" = "lenient") {
  const imp = await startImport(admin, { datasetKey, fileName: path.basename(file), body: fs.createReadStream(path.join(dir, file)), options: { mode } });
  return runImport(imp.id, { finalAttempt: true });
}

async function judgmentRows(): Promise<number> {
  const [r] = await getSql().unsafe("select count(*)::int as n from ds.criminal_judgment where org_id = $1", [admin.orgId]);
  return Number(r.n);
}

describe("broken files from the generator", () => {
  it("reports every cell problem at the manifest's row and column", async () => {
    for (const file of ["broken/bad-id-checksum.csv", "broken/impossible-date.csv", "broken/ragged-rows.csv", "broken/bad-last-row.csv"]) {
      const expected = manifest.broken[file].problems;
      const result = await importFile(file);
      expect(result.status, file).toBe("succeeded");
      expect(result.rowsRejected, file).toBe(expected.length);
      expect(result.errors.map((e) => [e.row, e.column]), file).toEqual(expected.map((p) => [p.row, labelOf(p.column)]));
    }
  });

  it("rejects a bad file whole in strict mode and changes nothing", async () => {
    const before = await judgmentRows();
    const result = await importFile("broken/bad-last-row.csv", "criminal_judgment", "strict");
    expect(result.status).toBe("failed");
    expect(await judgmentRows()).toBe(before);
  });

  it("stops a file missing a required column before any row moves", async () => {
    const before = await judgmentRows();
    const result = await importFile("broken/missing-required-column.csv");
    expect(result.status).toBe("failed");
    expect(result.message).toContain("缺少必填列：身份证号（id_number）");
    expect(result.rowsRead).toBe(0);
    expect(await judgmentRows()).toBe(before);
  });

  it("refuses the empty file at upload and the header-only file without changes", async () => {
    await expect(importFile("broken/empty.csv")).rejects.toBeInstanceOf(ValidationError);
    const result = await importFile("broken/header-only.csv");
    expect(result.status).toBe("failed");
    expect(result.message).toContain("没有数据行");
  });

  it("reads the GBK file and the BOM file to the same values", async () => {
    const gbk = await importFile("broken/gbk-encoded.csv");
    const bom = await importFile("broken/utf8-bom.csv");
    expect([gbk.status, gbk.detectedEncoding, bom.status, bom.detectedEncoding]).toEqual(["succeeded", "gb18030", "succeeded", "utf8"]);
    const names = async (importId: string): Promise<string[]> =>
      (await getSql().unsafe("select defendant_name || '|' || court || '|' || charge as v from ds.criminal_judgment where import_id = $1 order by row_no", [importId])).map((r) => String(r.v));
    const fromGbk = await names(gbk.id);
    expect(fromGbk).toHaveLength(10);
    expect(fromGbk).toEqual(await names(bom.id));
    expect(fromGbk.join("")).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("the GBK and XLSX copies with Chinese label headers", () => {
  it("imports them whole", async () => {
    for (const [file, extra] of Object.entries(manifest.extras)) {
      const result = await importFile(file, extra.dataset, "strict");
      expect(result.status, `${file}: ${result.message}`).toBe("succeeded");
      expect(result.rowsImported, file).toBe(extra.rows);
    }
  });
});
