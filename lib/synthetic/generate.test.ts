import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZDatasetDefinition } from "@/lib/datasets/definition";
import { idNumberBirthDate, idNumberGender, isValidIdNumber } from "@/lib/datasets/id-number";
import { BUILTIN_DATASET_KEYS, BUILTIN_DATASETS, builtinDataset } from "@/models/datasets";
import { isValidCreditCode } from "@/lib/datasets/credit-code";
import { generate } from "./generate";
import { type Manifest, MODEL_NOS } from "./manifest";
import { evaluateCriteria, keyString, type Tables } from "./oracle";
import { csvObjects } from "./read-csv";

let dirA = "";
let dirB = "";
let manifest: Manifest;
let tables: Tables;
let headers: Record<string, string[]>;

async function fileHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash("sha256").update(await readFile(full)).digest("hex");
  }
  return out;
}

beforeAll(async () => {
  dirA = await mkdtemp(path.join(tmpdir(), "synthetic-a-"));
  dirB = await mkdtemp(path.join(tmpdir(), "synthetic-b-"));
  manifest = await generate({ outDir: dirA, scale: 1, seed: 42 });
  await generate({ outDir: dirB, scale: 1, seed: 42 });
  const loaded = await Promise.all(
    BUILTIN_DATASET_KEYS.map(async (key) => [key, csvObjects(await readFile(path.join(dirA, `${key}.csv`), "utf8"))] as const),
  );
  tables = Object.fromEntries(loaded.map(([key, csv]) => [key, csv.rows])) as Tables;
  headers = Object.fromEntries(loaded.map(([key, csv]) => [key, csv.header]));
}, 60_000);

afterAll(async () => {
  await rm(dirA, { recursive: true, force: true });
  await rm(dirB, { recursive: true, force: true });
});

describe("dataset definitions", () => {
  it("every models/datasets/*.json parses and is in BUILTIN_DATASETS", async () => {
    const dir = path.join(import.meta.dirname, "../../models/datasets");
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(BUILTIN_DATASETS.length);
    for (const file of files) {
      const def = ZDatasetDefinition.parse(JSON.parse(await readFile(path.join(dir, file), "utf8")));
      expect(`${def.key}.json`).toBe(file);
    }
    expect(BUILTIN_DATASETS.map((d) => d.key)).toEqual([...BUILTIN_DATASET_KEYS]);
  });
});

describe("generated CSVs", () => {
  it("have the definition's field names as header and the manifest's row counts", () => {
    for (const key of BUILTIN_DATASET_KEYS) {
      expect(headers[key]).toEqual(builtinDataset(key).fields.map((f) => f.name));
      expect(tables[key].length).toBe(manifest.datasets[key]);
    }
    expect(manifest.datasets.criminal_judgment).toBeGreaterThan(900);
    expect(manifest.datasets.criminal_judgment).toBeLessThan(1300);
  });

  it("fill required fields, keep amounts non-negative, and never repeat a business key", () => {
    const problems: string[] = [];
    for (const def of BUILTIN_DATASETS) {
      const seen = new Set<string>();
      tables[def.key as keyof Tables].forEach((row, i) => {
        for (const f of def.fields) {
          const v = row[f.name];
          if (f.required && v === "") problems.push(`${def.key}[${i}].${f.name} empty`);
          if (f.nonNegative && v !== "" && !(Number(v) >= 0)) problems.push(`${def.key}[${i}].${f.name} = ${v}`);
          if (f.type === "date" && v !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(v)) problems.push(`${def.key}[${i}].${f.name} = ${v}`);
        }
        const key = def.businessKey.map((k) => row[k]).join("|");
        if (seen.has(key)) problems.push(`${def.key} duplicate ${key}`);
        seen.add(key);
      });
    }
    expect(problems).toEqual([]);
  });

  it("hold only valid ID numbers (and valid credit codes for companies)", () => {
    const today = new Date();
    const problems: string[] = [];
    for (const def of BUILTIN_DATASETS) {
      // defendant_id mixes ID numbers (people) and credit codes (companies): checked below.
      const idFields = def.fields.filter((f) => f.pii === "id_number" && !(def.key === "civil_case" && f.name === "defendant_id")).map((f) => f.name);
      for (const row of tables[def.key as keyof Tables]) {
        for (const field of idFields) {
          if (!isValidIdNumber(row[field], today)) problems.push(`${def.key}.${field} = ${row[field]}`);
        }
      }
    }
    for (const c of tables.civil_case) {
      const ok = c.defendant_kind === "企业" ? isValidCreditCode(c.defendant_id) : isValidIdNumber(c.defendant_id, today);
      if (!ok) problems.push(`civil_case.defendant_id = ${c.defendant_id} (${c.defendant_kind})`);
    }
    for (const r of tables.company_registry) if (!isValidCreditCode(r.credit_code)) problems.push(`credit_code ${r.credit_code}`);
    expect(problems).toEqual([]);
  });

  it("give each defendant the birth date and gender of the ID number", () => {
    const wrong = tables.criminal_judgment.filter((j) => {
      const b = idNumberBirthDate(j.id_number);
      const birth = b && `${b.year}-${String(b.month).padStart(2, "0")}-${String(b.day).padStart(2, "0")}`;
      return birth !== j.birth_date || idNumberGender(j.id_number) !== j.gender;
    });
    expect(wrong).toEqual([]);
  });

  it("are byte-identical for the same seed (every file, including the xlsx and the manifest)", async () => {
    const [a, b] = await Promise.all([fileHashes(dirA), fileHashes(dirB)]);
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(b).toEqual(a);
  });
});

describe("planted findings", () => {
  it("the independent evaluation of each criterion returns exactly the manifest's hits", () => {
    const found = evaluateCriteria(tables, manifest.asOf);
    for (const no of MODEL_NOS) {
      const m = manifest.models[no];
      const expected = m.hits.map((k) => keyString(k, m.dedupKeyFields)).sort();
      const actual = found[no].map((k) => keyString(k, m.dedupKeyFields)).sort();
      expect(actual, `model ${no} ${m.name}`).toEqual(expected);
      expect(new Set(expected).size, `model ${no} duplicate hits`).toBe(expected.length);
      expect(m.hits.length, `model ${no} hit count`).toBeGreaterThanOrEqual(5);
    }
  });

  it("no near-miss is a hit, and every model has near-misses", () => {
    const found = evaluateCriteria(tables, manifest.asOf);
    for (const no of MODEL_NOS) {
      const m = manifest.models[no];
      const hits = new Set(found[no].map((k) => keyString(k, m.dedupKeyFields)));
      expect(m.nearMisses.length, `model ${no}`).toBeGreaterThan(0);
      for (const miss of m.nearMisses) expect(hits.has(keyString(miss, m.dedupKeyFields)), `model ${no}: ${miss.what}`).toBe(false);
      for (const note of m.hitNotes) expect(hits.has(keyString(note, m.dedupKeyFields)), `model ${no}: ${note.what}`).toBe(true);
    }
  });

  it("every near-miss points at rows that exist", () => {
    const exists = (key: keyof Tables, field: string, value: string): boolean => tables[key].some((r) => r[field] === value);
    for (const no of MODEL_NOS) {
      for (const miss of manifest.models[no].nearMisses) {
        const where: [keyof Tables, string, string][] = {
          "1": [["criminal_judgment", "case_no", miss.case_no]],
          "2": [["bribe_giver", "briber_id_number", miss.briber_id_number]],
          "3": [["civil_case", "case_no", miss.case_no]],
          "4": [["civil_case", "plaintiff_id", miss.plaintiff_id]],
          "5": [["medical_settlement", "settlement_no", miss.settlement_no]],
          "6": [["insurance_claim", "claim_no", miss["a.claim_no"]], ["insurance_claim", "claim_no", miss["b.claim_no"]]],
          "7": [["criminal_judgment", "case_no", miss.case_no]],
          "8": [["community_correction", "id_number", miss.id_number]],
          repeated_inpatient_stays: [["medical_settlement", "id_number", miss.id_number]],
          pension_paid_in_custody: [["prison_admission", "admission_no", miss.admission_no], ["pension_payment", "id_number", miss.id_number]],
        }[no] as [keyof Tables, string, string][];
        for (const [table, field, value] of where) expect(exists(table, field, value), `model ${no}: ${miss.what}`).toBe(true);
      }
    }
  });
});

describe("extra and broken files", () => {
  it("writes a GBK copy with the Chinese labels as header", async () => {
    const bytes = await readFile(path.join(dirA, "criminal_judgment.gbk.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const lines = iconv.decode(bytes, "gbk").split("\r\n");
    expect(lines[0].split(",")).toEqual(builtinDataset("criminal_judgment").fields.map((f) => f.label));
    expect(lines.filter((l) => l !== "").length - 1).toBe(manifest.extras["criminal_judgment.gbk.csv"].rows);
  });

  it("writes an xlsx whose first sheet has label headers and the first civil cases", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dirA, "civil_case.xlsx"));
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(header).toEqual(builtinDataset("civil_case").fields.map((f) => f.label));
    expect(sheet.rowCount - 1).toBe(manifest.extras["civil_case.xlsx"].rows);
    expect(sheet.getRow(2).getCell(1).value).toBe(tables.civil_case[0].case_no);
    expect((sheet.getRow(2).getCell(9).value as Date).toISOString().slice(0, 10)).toBe(tables.civil_case[0].filing_date);
  });

  it("describes every broken file, and each file has the described defect", async () => {
    const names = Object.keys(manifest.broken);
    expect(names).toHaveLength(9);
    const read = (name: string): Promise<Buffer> => readFile(path.join(dirA, name));
    expect((await read("broken/empty.csv")).length).toBe(0);
    expect([...(await read("broken/utf8-bom.csv")).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const gbk = await read("broken/gbk-encoded.csv");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    expect((await read("broken/header-only.csv")).toString("utf8").trim().split("\n")).toHaveLength(1);
    const last = (await read("broken/bad-last-row.csv")).toString("utf8");
    expect(last.endsWith("\n")).toBe(false);
    for (const name of names.filter((n) => manifest.broken[n].encoding === "utf-8")) {
      const { header, rows } = csvObjects((await read(name)).toString("utf8"));
      for (const p of manifest.broken[name].problems.filter((x) => x.column && x.value !== null && x.row > 1)) {
        expect(rows[p.row - 2][p.column as string], `${name} row ${p.row}`).toBe(p.value);
      }
      if (name.includes("missing-required")) expect(header).not.toContain("id_number");
    }
    const badId = csvObjects((await read("broken/bad-id-checksum.csv")).toString("utf8")).rows;
    expect(badId.filter((r) => !isValidIdNumber(r.id_number))).toHaveLength(1);
  });
});
