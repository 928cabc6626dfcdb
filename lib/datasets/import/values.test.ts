import { describe, expect, it } from "vitest";
import type { DatasetField } from "../definition";
import { idNumberCheckDigit } from "../id-number";
import { convertCell, parseDate, parseTimestamp } from "./values";

const field = (type: DatasetField["type"], extra: Partial<DatasetField> = {}): DatasetField => ({
  name: "f",
  label: "字段",
  type,
  pii: "none",
  required: false,
  nonNegative: false,
  ...extra,
});

const validId = (first17: string): string => first17 + idNumberCheckDigit(first17);

describe("convertCell", () => {
  it("turns empty cells into NULL, or an error when required", () => {
    expect(convertCell(field("text"), "  ")).toEqual({ ok: true, value: null });
    expect(convertCell(field("date", { required: true }), "")).toEqual({ ok: false, message: "必填字段为空" });
  });

  it("checks ID numbers by the GB 11643 checksum", () => {
    const id = validId("32010219900307123");
    expect(convertCell(field("text", { pii: "id_number" }), id)).toEqual({ ok: true, value: id });
    const wrongDigit = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
    expect(convertCell(field("text", { pii: "id_number" }), wrongDigit)).toEqual({ ok: false, message: "身份证号校验位错误" });
    expect(convertCell(field("text", { pii: "id_number" }), "91320102MA1XYZ1234")).toMatchObject({ ok: false });
    expect(convertCell(field("text", { pii: "id_number" }), "12345")).toMatchObject({ ok: false, message: expect.stringContaining("格式错误") });
  });

  it("accepts real calendar dates in common spellings and refuses impossible ones", () => {
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
    expect(parseDate("2023/2/3")).toBe("2023-02-03");
    expect(parseDate("20230203")).toBe("2023-02-03");
    expect(parseDate("2023年2月3日")).toBe("2023-02-03");
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("2023-02-29")).toBeNull();
    expect(convertCell(field("date"), "2026-02-30")).toMatchObject({ ok: false });
  });

  it("reads timestamps as China Standard Time unless a zone is given", () => {
    expect(parseTimestamp("2026-01-02 08:30")).toBe("2026-01-02 08:30:00+08:00");
    expect(parseTimestamp("2026-01-02T08:30:15Z")).toBe("2026-01-02 08:30:15Z");
    expect(parseTimestamp("2026-01-02 25:00")).toBeNull();
    expect(parseTimestamp("2026-01-02 08:30+15:59")).toBe("2026-01-02 08:30:00+15:59");
    expect(parseTimestamp("2026-01-02 08:30+16:00")).toBeNull();
    expect(parseTimestamp("2026-01-02 08:30-0875")).toBeNull();
  });

  it("parses numbers and booleans, and keeps text as written", () => {
    expect(convertCell(field("integer"), "1,234")).toEqual({ ok: true, value: "1234" });
    expect(convertCell(field("integer"), "12.5")).toMatchObject({ ok: false });
    expect(convertCell(field("numeric"), "-0.5")).toEqual({ ok: true, value: "-0.5" });
    expect(convertCell(field("numeric"), "1e2000")).toEqual({ ok: false, message: "数值超出范围：“1e2000”" });
    expect(convertCell(field("boolean"), "是")).toEqual({ ok: true, value: "t" });
    expect(convertCell(field("boolean"), "maybe")).toMatchObject({ ok: false });
    expect(convertCell(field("text"), "a\tb\\c")).toEqual({ ok: true, value: "a\tb\\c" });
  });
});
