import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, isValidCreditCode, makeCreditCode, orgCodeCheckChar } from "./credit-code";

describe("统一社会信用代码 (GB 32100)", () => {
  it("accepts a published example and rejects a changed check character", () => {
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
  });

  it("rejects wrong length and characters outside the charset (I, O, S, V, Z)", () => {
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode("91350100M000100YO3")).toBe(false);
  });

  it("builds valid codes whose organisation code has its GB 11714 check character", () => {
    const code = makeCreditCode("360102", "12345678");
    expect(code).toHaveLength(18);
    expect(code.slice(8, 16)).toBe("12345678");
    expect(code[16]).toBe(orgCodeCheckChar("12345678"));
    expect(isValidCreditCode(code)).toBe(true);
  });
});
