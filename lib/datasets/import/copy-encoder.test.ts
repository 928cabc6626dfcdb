import { describe, expect, it } from "vitest";
import type { ImportErrorItem } from "@/db/schema";
import type { DatasetField } from "../definition";
import { idNumberCheckDigit } from "../id-number";
import { CopyEncoder } from "./copy-encoder";

const f = (name: string, type: DatasetField["type"], extra: Partial<DatasetField> = {}): DatasetField => ({ name, label: name, type, pii: "none", required: false, nonNegative: false, ...extra });
const COLUMNS = [f("name", "text", { required: true }), f("id", "text", { pii: "id_number" }), f("day", "date"), f("n", "integer")];
const first17 = "32010219900101123";
const ID = first17 + idNumberCheckDigit(first17);

function encode(body: string, options: { chunk?: number; strict?: boolean } = {}): { copy: string; errors: ImportErrorItem[]; encoder: CopyEncoder } {
  const errors: ImportErrorItem[] = [];
  const encoder = new CopyEncoder(COLUMNS, "ORG\tIMP\t", options.strict ?? false, (e) => errors.push(e), 1);
  const bytes = Buffer.from(body);
  const size = options.chunk ?? bytes.length;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const out = encoder.push(bytes.subarray(i, i + size));
    if (out) parts.push(out);
  }
  const out = encoder.end();
  if (out) parts.push(out);
  return { copy: Buffer.concat(parts).toString("utf8"), errors, encoder };
}

describe("CopyEncoder", () => {
  it("writes COPY text lines with the row number, NULLs for empty cells and trimmed values", () => {
    const { copy, errors } = encode(`张三,${ID}, 2025-03-01 ,12\n李四,,,\n`);
    expect(errors).toEqual([]);
    expect(copy).toBe(`ORG\tIMP\t2\t张三\t${ID}\t2025-03-01\t12\nORG\tIMP\t3\t李四\t\\N\t\\N\t\\N\n`);
  });

  it("gives the same bytes whatever the chunking, including quoted fields across lines and CRLF", () => {
    const body = `"王,五",${ID},2025/3/1,1\r\n"多行\n文本""引号",,,\r\n\r\n赵六\\路\t号,,20250301,7\r\n`;
    const whole = encode(body);
    for (const chunk of [1, 2, 3, 7, 13]) expect(encode(body, { chunk }).copy).toBe(whole.copy);
    expect(whole.copy.split("\n")).toEqual([
      `ORG\tIMP\t2\t王,五\t${ID}\t2025-03-01\t1`,
      `ORG\tIMP\t3\t多行\\n文本"引号\t\\N\t\\N\t\\N`,
      `ORG\tIMP\t6\t赵六\\\\路\\t号\t\\N\t2025-03-01\t7`,
      "",
    ]);
  });

  it("reports every bad cell of a row once, by row and column, and leaves the row out", () => {
    const { copy, errors, encoder } = encode(`,${ID.slice(0, 17)}0,2026-02-30,十二\n好,,,\n`);
    expect(errors).toEqual([
      { row: 2, column: "name", message: "必填字段为空" },
      { row: 2, column: "id", message: "身份证号校验位错误" },
      { row: 2, column: "day", message: "不是有效日期：“2026-02-30”（应为 YYYY-MM-DD 且日期真实存在）" },
      { row: 2, column: "n", message: "不是整数：“十二”" },
    ]);
    expect(copy).toBe("ORG\tIMP\t3\t好\t\\N\t\\N\t\\N\n");
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
    const { copy, encoder } = encode(`a,,,\n,,,\nb,,,\n`, { strict: true });
    expect(copy).toBe("ORG\tIMP\t2\ta\t\\N\t\\N\t\\N\n");
    expect(encoder.counts).toEqual({ rowsRead: 3, rowsImported: 1, rowsRejected: 1 });
  });

  it("reports a quote left open at the end of the file", () => {
    const { errors } = encode(`a,,,\n"open,,,\nstill open`);
    expect(errors).toEqual([{ row: 3, column: "（整行）", message: "引号未闭合：该行到文件末尾都在引号内" }]);
  });
});
