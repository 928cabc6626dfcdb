import { describe, expect, it } from "vitest";
import type { ImportErrorItem } from "@/db/schema";
import type { DatasetField } from "../definition";
import { idNumberCheckDigit } from "../id-number";
import { CopyEncoder } from "./copy-encoder";

const f = (name: string, type: DatasetField["type"], extra: Partial<DatasetField> = {}): DatasetField => ({ name, label: name, type, pii: "none", required: false, nonNegative: false, ...extra });
const COLUMNS = [f("name", "text", { required: true }), f("id", "text", { pii: "id_number" }), f("day", "date"), f("n", "integer")];
const first17 = "32010219900101123";
const ID = first17 + idNumberCheckDigit(first17);

const ORG = "11111111-2222-3333-4444-555555555555";
const IMP = "66666666-7777-8888-9999-000000000000";
// How the test reads each field back: the two prefix UUIDs, the row number, then COLUMNS.
const KINDS = ["uuid", "uuid", "int8", "text", "text", "date", "int8"] as const;

/** Reads binary COPY data back into rows of strings (null for NULL), checking the framing. */
function decode(data: Buffer): (string | null)[][] {
  expect(data.subarray(0, 11).toString("latin1")).toBe("PGCOPY\n\xff\r\n\0");
  let at = 19;
  const rows: (string | null)[][] = [];
  for (;;) {
    const count = data.readInt16BE(at);
    at += 2;
    if (count === -1) break;
    expect(count).toBe(KINDS.length);
    const row: (string | null)[] = [];
    for (const kind of KINDS) {
      const len = data.readInt32BE(at);
      at += 4;
      if (len === -1) {
        row.push(null);
        continue;
      }
      const value = data.subarray(at, at + len);
      at += len;
      if (kind === "uuid") row.push(value.toString("hex"));
      else if (kind === "int8") row.push(value.readBigInt64BE().toString());
      else if (kind === "date") row.push(new Date(Date.UTC(2000, 0, 1) + value.readInt32BE() * 86_400_000).toISOString().slice(0, 10));
      else row.push(value.toString("utf8"));
    }
    rows.push(row.slice(2)); // every row starts with ORG and IMP (checked once below)
    expect(row.slice(0, 2)).toEqual([ORG.replace(/-/g, ""), IMP.replace(/-/g, "")]);
  }
  expect(at).toBe(data.length);
  return rows;
}

function encode(body: string | Buffer, options: { chunk?: number; strict?: boolean } = {}): { copy: Buffer; rows: (string | null)[][]; errors: ImportErrorItem[]; encoder: CopyEncoder } {
  const errors: ImportErrorItem[] = [];
  const encoder = new CopyEncoder(COLUMNS, [ORG, IMP], options.strict ?? false, (e) => errors.push(e), 1);
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const size = options.chunk ?? bytes.length;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const out = encoder.push(bytes.subarray(i, i + size));
    if (out) parts.push(out);
  }
  const out = encoder.end();
  if (out) parts.push(out);
  const copy = Buffer.concat(parts);
  return { copy, rows: decode(copy), errors, encoder };
}

describe("CopyEncoder", () => {
  it("writes binary COPY rows with the row number, NULLs for empty cells and trimmed values", () => {
    const { rows, errors } = encode(`张三,${ID}, 2025-03-01 ,12\n李四,,,\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      ["2", "张三", ID, "2025-03-01", "12"],
      ["3", "李四", null, null, null],
    ]);
  });

  it("writes dates before 2000, negative and 18-digit integers", () => {
    const { rows, errors } = encode(`a,,1969-12-31,-42\nb,,1900-03-01,123456789012345678\nc,,2000-01-01,+7\n`);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.slice(3))).toEqual([
      ["1969-12-31", "-42"],
      ["1900-03-01", "123456789012345678"],
      ["2000-01-01", "7"],
    ]);
  });

  it("gives the same bytes whatever the chunking, including quoted fields across lines and CRLF", () => {
    const body = `"王,五",${ID},2025/3/1,1\r\n"多行\n文本""引号",,,\r\n\r\n赵六\\路 号,,20250301,7\r\n`;
    const whole = encode(body);
    for (const chunk of [1, 2, 3, 7, 13]) expect(encode(body, { chunk }).copy.equals(whole.copy)).toBe(true);
    expect(whole.rows).toEqual([
      ["2", "王,五", ID, "2025-03-01", "1"],
      ["3", '多行\n文本"引号', null, null, null],
      ["6", "赵六\\路 号", null, "2025-03-01", "7"],
    ]);
  });

  it("reports every bad cell of a row once, by row and column, and leaves the row out", () => {
    const { rows, errors, encoder } = encode(`,${ID.slice(0, 17)}0,2026-02-30,十二\n好,,,\n`);
    expect(errors).toEqual([
      { row: 2, column: "name", message: "必填字段为空" },
      { row: 2, column: "id", message: "身份证号校验位错误" },
      { row: 2, column: "day", message: "不是有效日期：“2026-02-30”（应为 YYYY-MM-DD 且日期真实存在）" },
      { row: 2, column: "n", message: "不是整数：“十二”" },
    ]);
    expect(rows).toEqual([["3", "好", null, null, null]]);
    expect(encoder.counts).toEqual({ rowsRead: 2, rowsImported: 1, rowsRejected: 1 });
  });

  it("reports ragged rows as one whole-row error", () => {
    const { errors } = encode(`a,,2025-01-01\na,,,,x\na,,2025-02-30,1,extra\n`);
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, "（整行）", "列数不符：应有 4 列，实际 3 列"],
      [3, "（整行）", "列数不符：应有 4 列，实际 5 列"],
      [4, "（整行）", "列数不符：应有 4 列，实际 5 列"],
    ]);
  });

  it("writes nothing after the first bad row in strict mode", () => {
    const { rows, encoder } = encode(`a,,,\n,,,\nb,,,\n`, { strict: true });
    expect(rows).toEqual([["2", "a", null, null, null]]);
    expect(encoder.counts).toEqual({ rowsRead: 3, rowsImported: 1, rowsRejected: 1 });
  });

  it("reports a quote left open at the end of the file", () => {
    const { errors } = encode(`a,,,\n"open,,,\nstill open`);
    expect(errors).toEqual([{ row: 3, column: "（整行）", message: "引号未闭合：该行到文件末尾都在引号内" }]);
  });

  it("reports NUL and invalid UTF-8 as cell errors by row and column, whatever the chunking, in plain and quoted lines", () => {
    const body = Buffer.concat([
      Buffer.from("a\0b,,,1\n"), // NUL in a plain text cell
      Buffer.from("ok,,,2\n"),
      Buffer.from('"q\n'), Buffer.from([0xe9]), Buffer.from('",,,3\n'), // Latin-1 byte inside a quoted multi-line cell
      Buffer.from("n,,,4"), Buffer.from([0]), Buffer.from("\n"), // NUL in a number cell
      Buffer.from('"多行\n文本",,,5\n'),
    ]);
    const whole = encode(body);
    expect(whole.errors).toEqual([
      { row: 2, column: "name", message: "含有非法字符 NUL" },
      { row: 4, column: "name", message: "不是有效的 UTF-8 编码" },
      { row: 6, column: "n", message: "含有非法字符 NUL" },
    ]);
    expect(whole.rows).toEqual([
      ["3", "ok", null, null, "2"],
      ["7", "多行\n文本", null, null, "5"],
    ]);
    for (const chunk of [1, 2, 5, 11]) {
      const part = encode(body, { chunk });
      expect(part.copy.equals(whole.copy)).toBe(true);
      expect(part.errors).toEqual(whole.errors);
    }
  });

  it("names GBK in the message of a GB18030 file, and finds NUL in spreadsheet cells", () => {
    const errors: ImportErrorItem[] = [];
    const encoder = new CopyEncoder(COLUMNS, [ORG, IMP], false, (e) => errors.push(e), 1, "gb18030");
    encoder.push(Buffer.concat([Buffer.from("x"), Buffer.from([0xff]), Buffer.from(",,,\n")]));
    encoder.record(9, ["a\u0000", "", "", ""]);
    expect(errors).toEqual([
      { row: 2, column: "name", message: "不是有效的 GBK 编码" },
      { row: 9, column: "name", message: "含有非法字符 NUL" },
    ]);
  });

  it("quotes at most 50 characters of a bad cell", () => {
    const huge = "九".repeat(1_000_000);
    const { errors } = encode(`a,,${huge},1\n`);
    expect(errors[0].message).toBe(`不是有效日期：“${"九".repeat(50)}…”（应为 YYYY-MM-DD 且日期真实存在）`);
  });
});
