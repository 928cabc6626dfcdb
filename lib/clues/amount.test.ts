import { describe, expect, it } from "vitest";
import { parseAmount } from "./amount";

const yuan = (input: string | number): number | string => {
  const r = parseAmount(input);
  return r.ok ? r.yuan : r.message;
};

describe("parseAmount", () => {
  it("reads plain amounts, thousands separators (ASCII and full-width) and 元", () => {
    expect(yuan("12500")).toBe(12500);
    expect(yuan("12,500")).toBe(12500);
    expect(yuan("12，500")).toBe(12500);
    expect(yuan("1,234,567.89")).toBe(1234567.89);
    expect(yuan(" 12 500 ")).toBe(12500);
    expect(yuan("12500元")).toBe(12500);
    expect(yuan("１２５００")).toBe(12500); // full-width digits, as some input methods type them
    expect(yuan("0.5")).toBe(0.5);
    expect(yuan(128000)).toBe(128000);
  });

  it("reads 万 and 万元 exactly", () => {
    expect(yuan("1.25万")).toBe(12500);
    expect(yuan("1.25万元")).toBe(12500);
    expect(yuan("3万")).toBe(30000);
    expect(yuan("1.1万")).toBe(11000); // not 11000.000000000002
    expect(yuan("0.0001万")).toBe(1);
    expect(yuan("1.234567万")).toBe(12345.67);
    expect(yuan("1,200万")).toBe(12_000_000);
  });

  it("refuses what is not an amount, with the reason", () => {
    for (const bad of ["", "abc", "一万二", "12.5.0", "1,23", "12,50", "-5", "1e5", "12500元整", "万", "1.2.3万"]) {
      expect(parseAmount(bad).ok, bad).toBe(false);
    }
    expect(yuan("一万二")).toBe("金额须为数字，如 12500、12,500 或 1.25万");
    expect(yuan("0")).toBe("金额须大于 0");
    expect(yuan(-3)).toBe("金额须大于 0");
    expect(yuan("-5")).toBe("金额须大于 0");
    expect(yuan("12.345")).toBe("金额最多精确到分（两位小数）");
    expect(yuan("1.2345678万")).toBe("金额最多精确到分（两位小数）");
    expect(yuan(12.345)).toBe("金额最多精确到分（两位小数）");
    expect(yuan("20000000000000")).toBe("金额过大");
    expect(yuan(Number.NaN)).toBe("金额须为数字，如 12500、12,500 或 1.25万");
  });
});
