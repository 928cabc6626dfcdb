import { describe, expect, it } from "vitest";
import { maskDeep, maskText, maskValue } from "./mask";

describe("maskValue", () => {
  it("masks ID numbers, phones, names and addresses", () => {
    expect(maskValue("id_number", "32010219900307123X")).toBe("3201**********123X");
    expect(maskValue("phone", "13812345678")).toBe("138****5678");
    expect(maskValue("name", "张三")).toBe("张*");
    expect(maskValue("name", "欧阳娜娜")).toBe("欧**娜");
    expect(maskValue("address", "江南省临江市东城区解放路 1 号")).toBe("江南省临江市****");
    expect(maskValue("none", "盗窃罪")).toBe("盗窃罪");
  });
});

describe("maskText", () => {
  it("masks ID numbers with a valid check character and mobile numbers inside free text", () => {
    expect(maskText("张三（320102199003071239）电话13812345678。")).toBe("张三（3201**********1239）电话138****5678。");
  });

  it("leaves other numbers alone: a wrong check character, longer digit runs, codes glued to letters", () => {
    for (const s of ["320102199003071230", "138123456789", "a13812345678b", "2026-12-07 1234567"]) expect(maskText(s)).toBe(s);
  });
});

describe("maskDeep", () => {
  it("masks every string at any depth and keeps numbers, dates and nulls", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(maskDeep({ a: ["13812345678", 5, null], b: { c: "320102199003071239", at } })).toEqual({ a: ["138****5678", 5, null], b: { c: "3201**********1239", at } });
  });
});
