// Bytes PostgreSQL text cannot hold (NUL) and bytes invalid in the file's encoding are cell errors
// with their row and column, in strict and lenient mode — and a file holding them never hangs the
// import worker: the next file of the queue is imported at once.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSql } from "@/db/client";
import type { DatasetImport } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { registerDataset } from "@/lib/datasets/catalog";
import { startImport, type TImportOptions } from "@/lib/datasets/import/commands";
import { runImport } from "@/lib/datasets/import/run-import";
import { ValidationError } from "@/lib/errors";
import type { TestDatabase } from "../helpers/db";
import { actorFor, setupDemoDatabase, usePrivateRedis } from "../helpers/demo";
import { importRow, waitFor, WorkerPool } from "../helpers/import-worker";

const KEY = "bad_bytes";
let database: TestDatabase;
let admin: Actor;
let redisUrl: string;
const workers = new WorkerPool(() => database.url, () => redisUrl);

beforeAll(async () => {
  redisUrl = usePrivateRedis(5);
  database = await setupDemoDatabase();
  admin = await actorFor("data_admin");
  await registerDataset(admin, {
    key: KEY,
    name: "坏字节测试",
    agency: "court",
    businessLine: "criminal",
    fields: [
      { name: "case_no", label: "案号", type: "text", required: true },
      { name: "party", label: "当事人", type: "text" },
      { name: "amount", label: "金额", type: "integer" },
    ],
    businessKey: ["case_no"],
  });
}, 60_000);

afterAll(async () => {
  await workers.killAll();
  await database.drop();
});

const HEADER = "case_no,party,amount\n";
/** The 117-byte kind of file: one good row and one with a NUL inside a name. */
const NUL_FILE = Buffer.concat([Buffer.from(`${HEADER}A1,张三,5\nA2,李`), Buffer.from([0x00]), Buffer.from("四,6\nA3,王五,7\n")]);
/** Latin-1 bytes in a UTF-8 file (0xE9 alone is no UTF-8 sequence). */
const BAD_UTF8_FILE = Buffer.concat([Buffer.from(`${HEADER}B1,张三,5\nB2,Ren`), Buffer.from([0xe9, 0x20]), Buffer.from("e,6\nB3,王五,7\n")]);

async function importFile(content: Buffer, options: TImportOptions = {}, fileName = "data.csv"): Promise<DatasetImport> {
  const imp = await startImport(admin, { datasetKey: KEY, fileName, body: Readable.from([content]), options });
  return runImport(imp.id, { finalAttempt: true });
}

async function stored(prefix: string): Promise<string[]> {
  const rows = await getSql().unsafe<{ case_no: string }[]>(`select case_no from ds.${KEY} where case_no like $1 order by case_no`, [`${prefix}%`]);
  return rows.map((r) => r.case_no);
}

describe("bad bytes are cell errors", () => {
  it("a NUL byte: strict rejects the file naming row and column; lenient imports the other rows", async () => {
    const strict = await importFile(NUL_FILE, { mode: "strict" });
    expect(strict.status).toBe("failed");
    expect(strict.errors).toEqual([{ row: 3, column: "当事人", message: "含有非法字符 NUL" }]);
    expect(await stored("A")).toEqual([]);

    const lenient = await importFile(NUL_FILE, { mode: "lenient" });
    expect(lenient.status).toBe("succeeded");
    expect(lenient.rowsImported).toBe(2);
    expect(lenient.errors).toEqual([{ row: 3, column: "当事人", message: "含有非法字符 NUL" }]);
    expect(await stored("A")).toEqual(["A1", "A3"]);
  });

  it("a NUL in a quoted cell and in a number cell", async () => {
    const file = Buffer.concat([Buffer.from(`${HEADER}"Q1","a`), Buffer.from([0]), Buffer.from(`b",1\nQ2,x,1`), Buffer.from([0]), Buffer.from("\nQ3,y,3\n")]);
    const result = await importFile(file, { mode: "lenient" });
    expect(result.errors).toEqual([
      { row: 2, column: "当事人", message: "含有非法字符 NUL" },
      { row: 3, column: "金额", message: "含有非法字符 NUL" },
    ]);
    expect(await stored("Q")).toEqual(["Q3"]);
  });

  it("a NUL in the header is named in the refusal (shown as ␀) and the refusal is stored", async () => {
    const result = await importFile(Buffer.concat([Buffer.from("case_no,pa"), Buffer.from([0]), Buffer.from("rty,amount\nH1,x,1\n")]));
    expect(result.status).toBe("failed");
    expect(result.message).toContain("未知的列“pa␀rty”");
  });

  it("a NUL in the file name is dropped; in the sheet name it is refused (422), never a database error", async () => {
    const imp = await startImport(admin, { datasetKey: KEY, fileName: "a\u0000b.csv", body: Readable.from([Buffer.from(`${HEADER}N1,x,1\n`)]), options: {} });
    expect(imp.fileName).toBe("ab.csv");
    await expect(startImport(admin, { datasetKey: KEY, fileName: "s.xlsx", body: Readable.from([Buffer.from("x")]), options: { sheet: "表\u0000" } })).rejects.toBeInstanceOf(ValidationError);
    await runImport(imp.id, { finalAttempt: true });
  });

  it("bytes invalid in UTF-8: 不是有效的 UTF-8 编码 with row and column", async () => {
    const strict = await importFile(BAD_UTF8_FILE, { mode: "strict", encoding: "utf8" });
    expect(strict.status).toBe("failed");
    expect(strict.errors).toEqual([{ row: 3, column: "当事人", message: "不是有效的 UTF-8 编码" }]);
    const lenient = await importFile(BAD_UTF8_FILE, { mode: "lenient", encoding: "utf8" });
    expect(lenient.status).toBe("succeeded");
    expect(await stored("B")).toEqual(["B1", "B3"]);
  });

  it("bytes invalid in GBK: 不是有效的 GBK 编码 with row and column", async () => {
    const { default: iconv } = await import("iconv-lite");
    // 0xFF is no GBK byte; 0x81 followed by a line break is a lead byte without its trail.
    const file = Buffer.concat([iconv.encode(`${HEADER}G1,张三,5\nG2,李`, "gbk"), Buffer.from([0xff]), iconv.encode("四,6\nG3,王五,7\n", "gbk")]);
    const result = await importFile(file, { mode: "lenient", encoding: "gb18030" });
    expect(result.status).toBe("succeeded");
    expect(result.errors).toEqual([{ row: 3, column: "当事人", message: "不是有效的 GBK 编码" }]);
    const rows = await getSql().unsafe(`select case_no, party from ds.${KEY} where case_no like 'G%' order by case_no`);
    expect(rows).toEqual([
      { case_no: "G1", party: "张三" },
      { case_no: "G3", party: "王五" },
    ]);
  });

  it("an XLSX cell holding NUL is a cell error; a workbook the parser refuses fails with a Chinese message", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("表");
    sheet.addRow(["case_no", "party", "amount"]);
    sheet.addRow(["X1", "ok", 1]);
    sheet.addRow(["X2", { richText: [{ text: "a" }, { text: "\u0000" }] }, 2]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await importFile(buffer, { mode: "lenient" }, "t.xlsx");
    expect(result.status).toBe("succeeded");
    expect(await stored("X")).toContain("X1");

    // A shared string with a NUL character reference: the XML parser refuses the workbook.
    const zipped = await withSharedString(buffer, "ok", "o&#0;k");
    const refused = await importFile(zipped, { mode: "lenient" }, "t.xlsx");
    expect(refused.status).toBe("failed");
    expect(refused.message).toMatch(/^XLSX 文件无法读取/);
    expect(refused.message).not.toMatch(/entity|malformed/i);
  });
});

/** Rewrites one shared string of a workbook (through exceljs's own zip library). */
async function withSharedString(xlsx: Buffer, from: string, to: string): Promise<Buffer> {
  const { default: JSZip } = await import("jszip");
  const zip = await JSZip.loadAsync(xlsx);
  const xml = await zip.file("xl/sharedStrings.xml")!.async("string");
  zip.file("xl/sharedStrings.xml", xml.replace(`<t>${from}</t>`, `<t>${to}</t>`));
  return zip.generateAsync({ type: "nodebuffer" });
}

describe("through the worker", () => {
  it("the NUL file, then an invalid-UTF-8 file, then a good file: the good one succeeds within seconds", async () => {
    // Files as a user uploads them: detection picks the encoding, strict mode.
    const nul = await startImport(admin, { datasetKey: KEY, fileName: "nul.csv", body: Readable.from([Buffer.from(NUL_FILE.toString("latin1").replace(/A/g, "W"), "latin1")]), options: { mode: "strict", encoding: "utf8" } });
    const bad = await startImport(admin, { datasetKey: KEY, fileName: "bad.csv", body: Readable.from([BAD_UTF8_FILE]), options: { mode: "strict", encoding: "utf8" } });
    const good = await startImport(admin, { datasetKey: KEY, fileName: "good.csv", body: Readable.from([Buffer.from(`${HEADER}Z1,张三,5\nZ2,李四,6\n`)]), options: { mode: "strict" } });
    workers.start();
    // Generous for a loaded machine (the worker process alone takes seconds to start); before the
    // fix the good file never started at all.
    await waitFor(async () => (await importRow(good.id)).status === "succeeded", 45_000).catch(async (error: unknown) => {
      const rows = await Promise.all([nul, bad, good].map((i) => importRow(i.id)));
      throw new Error(`${String(error)}: ${JSON.stringify(rows.map((r) => [r.fileName, r.status, r.attempts, r.message, r.startedAt, r.finishedAt]))}`);
    });
    // The two bad files of the same org and dataset wait their turn behind it, then fail on their own.
    await waitFor(async () => (await importRow(nul.id)).status !== "queued" && (await importRow(bad.id)).status !== "queued", 20_000);
    await waitFor(async () => (await importRow(nul.id)).finishedAt !== null && (await importRow(bad.id)).finishedAt !== null, 20_000);
    expect((await importRow(nul.id)).status).toBe("failed");
    expect((await importRow(nul.id)).errors).toEqual([{ row: 3, column: "当事人", message: "含有非法字符 NUL" }]);
    expect((await importRow(bad.id)).status).toBe("failed");
    expect(await stored("Z")).toEqual(["Z1", "Z2"]);
    const [n, g] = [await importRow(nul.id), await importRow(good.id)];
    console.log(`[import-bad-bytes] good file done ${g.finishedAt!.getTime() - n.finishedAt!.getTime()} ms after the NUL file failed`);
    // No session is left behind in an aborted transaction.
    const idle = await getSql().unsafe(`select state, query from pg_stat_activity where datname = current_database() and state = 'idle in transaction (aborted)'`);
    expect(idle).toEqual([]);
  }, 90_000);
});
