import { describe, expect, it } from "vitest";
import { splitQuoted } from "./csv-parser";

describe("splitQuoted", () => {
  it("handles quoted commas, doubled quotes, line breaks and empty fields", () => {
    expect(splitQuoted('"张三","他说""你好"", 然后\r\n离开",,x')).toEqual(["张三", '他说"你好", 然后\r\n离开', "", "x"]);
  });

  it("keeps text after a closing quote and ends on a trailing comma", () => {
    expect(splitQuoted('"a"b,c,')).toEqual(["ab", "c", ""]);
  });
});
