// Imports against the real Postgres: strict and lenient modes, replace, encodings, spreadsheets,
// broken files — and in every failure the dataset is exactly as it was.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSql } from "@/db/client";
import { getDatasetSummary, registerDataset } from "@/lib/datasets/catalog";
import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { getImport, importErrorsCsv, startImport, type TImportOptions } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { previewRows } from "@/lib/datasets/rows";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { createUser } from "@/lib/users/commands";
import type { Actor } from "@/lib/auth/actor";
import type { TestDatabase } from "../helpers/db";
import { actorFor, ORGS, orgIdByName, setupDemoDatabase } from "../helpers/demo";

let database: TestDatabase;
let admin: Actor;
const KEY = "test_judgment";

beforeAll(async () => {
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  await registerDataset(admin, {
    key: KEY,
    name: "测试判决",
    agency: "court",
    businessLine: "criminal",
    fields: [
      { name: "case_no", label: "案号", type: "text", required: true },
      { name: "defendant_name", label: "被告人", type: "text", pii: "name" },
      { name: "id_number", label: "身份证号", type: "text", pii: "id_number", required: true },
      { name: "prison_term_months", label: "刑期（月）", type: "integer", nonNegative: true },
      { name: "detained", label: "审前羁押", type: "boolean" },
      { name: "effective_date", label: "生效日期", type: "date", required: true },
    ],
    businessKey: ["case_no", "id_number"],
    indexes: [["id_number"]],
    recordDateField: "effective_date",
  });
}, 60_000);
afterAll(async () => {
  await database.drop();
});

/** A valid ID number for a person born in 1990 (n keeps them distinct). */
function idFor(n: number): string {
  const first17 = `320102${1990}0101${String(n % 1000).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

const HEADER = "case_no,defendant_name,id_number,prison_term_months,detained,effective_date";
const row = (n: number): string => `（2025）苏0102刑初${n}号,张三${n},${idFor(n)},${n % 60},否,2025-03-${String((n % 28) + 1).padStart(2, "0")}`;

function csv(rows: number, tail: string[] = []): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) lines.push(row(i));
  return [...lines, ...tail].join("\n") + "\n";
}

async function importFile(actor: Actor, content: string | Buffer, options: TImportOptions = {}, fileName = "data.csv") {
  const imp = await startImport(actor, { datasetKey: KEY, fileName, body: Readable.from([Buffer.from(content)]), options });
  return runImport(imp.id, { finalAttempt: true });
}

async function countRows(orgName: string = ORGS.dongcheng): Promise<number> {
  const [r] = await getSql().unsafe(`select count(*)::int as n from ds.${KEY} where org_id = $1`, [await orgIdByName(orgName)]);
  return Number(r.n);
}

describe("importing a CSV", () => {
  it("imports a clean file, numbering rows as the user counts them", async () => {
    const before = await countRows();
    const result = await importFile(admin, csv(50));
    expect(result.status).toBe("succeeded");
    expect(result.rowsImported).toBe(50);
    expect(await countRows()).toBe(before + 50);
    const page = await previewRows(admin, KEY, { limit: 200 });
    const first = page.rows.find((r) => r.values[0] === "（2025）苏0102刑初1号")!;
    expect(first.rowNo).toBe(2);
    expect(first.values[1]).toBe("张*1"); // names masked
    expect(first.values[2]).toMatch(/^3201\*{10}\w{4}$/); // ID numbers masked
  });

  it("strict mode rejects a 100k-row file whose LAST row is bad, and changes nothing", async () => {
    const before = await countRows();
    const badLast = `（2025）苏0102刑初999999号,李四,${idFor(7).slice(0, 17)}0,12,否,2025-02-30`;
    const result = await importFile(admin, csv(100_000, [badLast]), { mode: "strict" });
    expect(result.status).toBe("failed");
    expect(result.rowsRead).toBe(100_001);
    expect(result.rowsImported).toBe(0);
    expect(result.message).toContain("严格模式");
    expect(await countRows()).toBe(before);
    const rows = result.errors.map((e) => e.row);
    expect(new Set(rows)).toEqual(new Set([100_002]));
    expect(result.errors.map((e) => e.column).sort()).toEqual(["生效日期", "身份证号"].sort());
  }, 60_000);

  it("lenient mode imports the good rows of the same file and reports the bad one", async () => {
    const before = await countRows();
    const badLast = `（2025）苏0102刑初999999号,李四,${idFor(7)},-,否,2025-02-30`;
    const result = await importFile(admin, csv(100_000, [badLast]), { mode: "lenient" });
    expect(result.status).toBe("succeeded");
    expect(result.rowsImported).toBe(100_000);
    expect(result.rowsRejected).toBe(1);
    expect(result.errors).toEqual([
      { row: 100_002, column: "刑期（月）", message: "不是整数：“-”" },
      { row: 100_002, column: "生效日期", message: "不是有效日期：“2025-02-30”（应为 YYYY-MM-DD 且日期真实存在）" },
    ]);
    expect(await countRows()).toBe(before + 100_000);
    const download = await importErrorsCsv(admin, result.id);
    expect(download).toContain("100002,生效日期");
  }, 60_000);

  it("replace swaps the org's rows in one go, and a rejected replace keeps the old rows", async () => {
    const replaced = await importFile(admin, csv(10), { replace: true });
    expect(replaced.status).toBe("succeeded");
    expect(await countRows()).toBe(10);
    const rejected = await importFile(admin, csv(5, ["bad,row"]), { replace: true });
    expect(rejected.status).toBe("failed");
    expect(await countRows()).toBe(10);
    // The catalog's count follows replaces and appends.
    await importFile(admin, csv(4));
    expect(await countRows()).toBe(14);
    expect((await getDatasetSummary(admin, KEY)).rowCount).toBe(14);
  });

  it("reports unknown and missing required columns before any data moves", async () => {
    const before = await countRows();
    const result = await importFile(admin, "case_no,被告人,favourite_colour\nx,y,z\n");
    expect(result.status).toBe("failed");
    expect(result.message).toContain("未知的列“favourite_colour”");
    expect(result.message).toContain("缺少必填列：身份证号（id_number）、生效日期（effective_date）");
    expect(await countRows()).toBe(before);
  });

  it("maps Chinese label headers, reads GBK exactly and strips a UTF-8 BOM", async () => {
    const { default: iconv } = await import("iconv-lite");
    const labels = "案号,被告人,身份证号,刑期（月）,审前羁押,生效日期\n";
    const gbk = iconv.encode(`${labels}（2025）苏0102刑初88888号,欧阳娜娜,${idFor(88)},36,是,2025年3月1日\n`, "gbk");
    const result = await importFile(admin, gbk, { mode: "strict" });
    expect(result.status).toBe("succeeded");
    expect(result.detectedEncoding).toBe("gb18030");
    const [stored] = await getSql().unsafe(`select defendant_name, detained, effective_date::text as d from ds.${KEY} where case_no = $1`, ["（2025）苏0102刑初88888号"]);
    expect(stored).toEqual({ defendant_name: "欧阳娜娜", detained: true, d: "2025-03-01" });

    const bom = await importFile(admin, `\uFEFF${HEADER}\n${row(77)}\n`);
    expect(bom.status).toBe("succeeded");
    expect(bom.detectedEncoding).toBe("utf8");
  });

  it("reports ragged rows and an unterminated quote by row", async () => {
    const result = await importFile(admin, `${HEADER}\n${row(1)},extra\n${row(2).split(",").slice(0, 3).join(",")}\n"unterminated,x\n`, { mode: "lenient" });
    expect(result.errors.map((e) => [e.row, e.message.split("：")[0]])).toEqual([
      [2, "列数不符"],
      [3, "列数不符"],
      [4, "引号未闭合"],
    ]);
    expect(result.rowsImported).toBe(0);
  });

  it("refuses a 0-byte upload at once, and a header-only file without changing anything", async () => {
    await expect(startImport(admin, { datasetKey: KEY, fileName: "empty.csv", body: Readable.from([]), options: {} })).rejects.toBeInstanceOf(ValidationError);
    const before = await countRows();
    const headerOnly = await importFile(admin, `${HEADER}\n`, { replace: true });
    expect(headerOnly.status).toBe("failed");
    expect(headerOnly.message).toContain("没有数据行");
    expect(await countRows()).toBe(before);
  });

  it("imports the first sheet of an XLSX file, with real dates", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("判决");
    sheet.addRow(["案号", "被告人", "身份证号", "刑期（月）", "审前羁押", "生效日期"]);
    sheet.addRow(["（2025）苏0102刑初70001号", "王五", idFor(701), 24, "否", new Date(Date.UTC(2025, 5, 30))]);
    sheet.addRow(["（2025）苏0102刑初70002号", "赵六", idFor(702), null, null, "2025-07-01"]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importFile(admin, buffer, {}, "判决.xlsx");
    expect(result.status).toBe("succeeded");
    expect(result.rowsImported).toBe(2);
    const stored = await getSql().unsafe(`select case_no, effective_date::text as d, prison_term_months::int as m from ds.${KEY} where case_no like '%7000_号' order by case_no`);
    expect(stored).toEqual([
      { case_no: "（2025）苏0102刑初70001号", d: "2025-06-30", m: 24 },
      { case_no: "（2025）苏0102刑初70002号", d: "2025-07-01", m: null },
    ]);
  });
});

describe("org scope of imports and rows", () => {
  it("another org's data admin cannot read the import, and sees none of the rows", async () => {
    const result = await importFile(admin, csv(3));
    const provinceAdmin = await actorFor("admin");
    await createUser(provinceAdmin, { username: "nanhu_data", name: "南湖数据员", orgId: await orgIdByName(ORGS.nanhu), roles: ["data_admin"], password: "Jiancha-River-2026" });
    const other = await actorFor("nanhu_data");
    await expect(getImport(other, result.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await previewRows(other, KEY)).rows).toEqual([]);
    const own = await importFile(other, csv(2));
    expect(own.orgId).toBe(await orgIdByName(ORGS.nanhu));
    expect(await countRows(ORGS.nanhu)).toBe(2);
  });

  it("a prosecutor may not import (403)", async () => {
    const prosecutor = await actorFor("prosecutor");
    await expect(startImport(prosecutor, { datasetKey: KEY, fileName: "x.csv", body: Readable.from([Buffer.from(csv(1))]), options: {} })).rejects.toThrow("没有执行此操作的权限");
  });

  it("a leader reads the rows of the orgs below it", async () => {
    const leader = await actorFor("city_leader");
    const page = await previewRows(leader, KEY, { limit: 200 });
    const orgNames = new Set(page.rows.map((r) => r.orgName));
    expect(orgNames.has(ORGS.dongcheng)).toBe(true);
    expect(orgNames.has(ORGS.nanhu)).toBe(false);
  });
});
