import { describe, expect, it } from "vitest";
import { idNumberBirthDate, idNumberCheckDigit, idNumberGender, isValidIdNumber } from "./id-number";

const TODAY = new Date(Date.UTC(2026, 10, 1));

describe("idNumberCheckDigit", () => {
  it("computes the ISO 7064 MOD 11-2 character, including X and 0", () => {
    expect(idNumberCheckDigit("11010519491231002")).toBe("X"); // the GB 11643 textbook example
    expect(idNumberCheckDigit("32010219900307123")).toBe("9");
    expect(idNumberCheckDigit("51010419850115331")).toBe("0");
  });

  it("refuses input that is not 17 digits", () => {
    expect(() => idNumberCheckDigit("1101051949123100")).toThrow();
    expect(() => idNumberCheckDigit("1101051949123100X")).toThrow();
  });
});

describe("isValidIdNumber", () => {
  it.each([
    "11010519491231002X",
    "320102199003071239",
    "33010220000229004X", // 2000-02-29: a leap day
    "110101190001010014", // 1900-01-01: the first accepted date
    "510104198501153310",
  ])("accepts %s", (id) => {
    expect(isValidIdNumber(id, TODAY)).toBe(true);
  });

  it.each([
    ["320102199003071238", "wrong check digit"],
    ["11010519491231002x", "lower-case x"],
    ["440524188001010014", "born before 1900 (checksum is right)"],
    ["110105200002300015", "2000-02-30 does not exist (checksum is right)"],
    ["32010219900307123", "17 characters"],
    ["3201021990030712399", "19 characters"],
    ["32010219900307123A", "a letter other than X"],
    ["", "empty"],
  ])("rejects %s (%s)", (id) => {
    expect(isValidIdNumber(id, TODAY)).toBe(false);
  });

  it("rejects a birth date after today", () => {
    const first17 = "32010220261102123"; // born 2026-11-02, the day after TODAY
    const id = first17 + idNumberCheckDigit(first17);
    expect(isValidIdNumber(id, TODAY)).toBe(false);
    expect(isValidIdNumber(id, new Date(Date.UTC(2026, 10, 2)))).toBe(true);
  });
});

describe("idNumberBirthDate / idNumberGender", () => {
  it("reads the birth date and the gender digit", () => {
    expect(idNumberBirthDate("11010519491231002X")).toEqual({ year: 1949, month: 12, day: 31 });
    expect(idNumberBirthDate("110105200002300015")).toBeNull();
    expect(idNumberGender("11010519491231002X")).toBe("女");
    expect(idNumberGender("320102199003071239")).toBe("男");
  });
});
