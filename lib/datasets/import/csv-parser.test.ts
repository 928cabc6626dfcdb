import { describe, expect, it } from "vitest";
import { CsvParser, type CsvRecord } from "./csv-parser";

function parseAll(text: string, chunkSize = text.length || 1): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...parser.push(text.slice(i, i + chunkSize)));
  out.push(...parser.end());
  return out;
}

describe("CsvParser", () => {
  it("splits simple records and numbers rows from the header", () => {
    expect(parseAll("a,b\n1,2\n3,4\n")).toEqual([
      { row: 1, fields: ["a", "b"] },
      { row: 2, fields: ["1", "2"] },
      { row: 3, fields: ["3", "4"] },
    ]);
  });

  it("handles quotes, escaped quotes, commas and line breaks inside quotes, and CRLF", () => {
    const text = 'name,note\r\n"张三","他说""你好"", 然后\r\n离开"\r\n李四,\r\n';
    const records = parseAll(text);
    expect(records).toEqual([
      { row: 1, fields: ["name", "note"] },
      { row: 2, fields: ["张三", '他说"你好", 然后\r\n离开'] },
      { row: 4, fields: ["李四", ""] },
    ]);
  });

  it("gives the same records whatever the chunking", () => {
    const text = 'a,b,c\n"x,1","y""2",z\n,,\n"multi\nline",2,3';
    const whole = parseAll(text);
    for (const size of [1, 2, 3, 5, 7]) expect(parseAll(text, size)).toEqual(whole);
    expect(whole[whole.length - 1]).toEqual({ row: 4, fields: ["multi\nline", "2", "3"] });
  });

  it("skips blank lines but keeps counting rows", () => {
    expect(parseAll("a\n\n1\n")).toEqual([
      { row: 1, fields: ["a"] },
      { row: 3, fields: ["1"] },
    ]);
  });

  it("reports an unterminated quote", () => {
    const parser = new CsvParser();
    parser.push('a\n"open\nstill open');
    const last = parser.end();
    expect(parser.unterminated).toBe(true);
    expect(last.map((r) => r.row)).toEqual([2]);
  });
});
