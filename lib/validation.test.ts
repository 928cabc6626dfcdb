import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./clues/filter";
import { parseRule } from "./rules/schema";
import { isIsoDate, ZIsoDate } from "./validation";

describe("isIsoDate: a real calendar day PostgreSQL can hold", () => {
  it.each([
    ["2026-12-07", true],
    ["2024-02-29", true],
    ["1900-01-01", true],
    ["2100-12-31", true],
    ["2026-02-29", false],
    ["2020-02-30", false],
    ["2100-02-29", false],
    ["0000-01-01", false],
    ["1899-12-31", false],
    ["2101-01-01", false],
    ["2026-13-45", false],
    ["2026-00-10", false],
    ["2026-1-5", false],
    ["20261207", false],
    ["2026-12-07T00:00:00Z", false],
  ])("%s → %s", (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it("ZIsoDate says why in Chinese", () => {
    const result = ZIsoDate.safeParse("0000-01-01");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe("应为 1900—2100 年间的有效日期，格式 YYYY-MM-DD");
  });
});

describe("clue cursors", () => {
  const b64 = (s: string): string => Buffer.from(s).toString("base64url");

  it("round-trip what the list hands out", () => {
    const cursor = { seenAt: "2026-11-01 10:23:45.123456+08", id: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each(["1|1", "2026-02-30 10:00:00+08|5", "0000-01-01 00:00:00+00|5", "2026-01-01 00:00:00+08|99999999999999999999", "2026-01-01 25:00:00+08|5", "2026-01-01 10:00:00+08|5|6", "2026-01-01 10:00:00+08|0"])(
    "refuse %s",
    (text) => {
      expect(decodeCursor(b64(text))).toBeNull();
    },
  );
});

describe("parseRule bounds depth before zod recurses", () => {
  it("refuses 2,000 levels with a clear message (no stack overflow)", () => {
    let where: unknown = { field: "j.case_no", op: "isNull" };
    for (let i = 0; i < 2000; i++) where = { not: where };
    expect(parseRule({ from: { dataset: "criminal_judgment", as: "j" }, where }).issues).toEqual([{ path: "(根)", message: "规则嵌套过深：超过 64 层，请拆分或简化条件" }]);
  });

  it("names the node of a schema problem as the checker does", () => {
    const clue = { dedupKey: ["j.case_no"], title: "t", subject: { kind: "person", name: "j.defendant_name" }, evidence: { j: ["case_no"] } };
    const rule = { from: { dataset: "criminal_judgment", as: "j" }, where: { all: [{ field: "j.case_no", op: "isNull" }, { daysBetween: { from: "j.a", to: "j.b" }, op: "gt", value: 2 ** 31 }] }, clue };
    expect(parseRule(rule).issues).toEqual([{ path: "where.all[1].value", message: "相隔天数不能大于 36500" }]);
  });
});
