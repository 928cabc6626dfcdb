import { describe, expect, it } from "vitest";
import { maskValue } from "./mask";

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
