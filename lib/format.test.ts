import { describe, expect, it } from "vitest";
import { formatDateTime, formatPercent } from "./format";

const reference = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

function viaIntl(date: Date): string {
  const p = Object.fromEntries(reference.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

describe("formatDateTime", () => {
  it("writes China Standard Time, across the UTC day and year boundaries", () => {
    expect(formatDateTime(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01 00:00:00");
    expect(formatDateTime(new Date("2026-11-25T02:52:18.999Z"))).toBe("2026-11-25 10:52:18");
  });

  it("agrees with Intl in Asia/Shanghai for timestamps from 1992 to 2040", () => {
    for (let t = Date.UTC(1992, 0, 1); t < Date.UTC(2040, 0, 1); t += 86_400_000 * 3 + 3_600_000 * 5 + 1234) {
      expect(formatDateTime(new Date(t))).toBe(viaIntl(new Date(t)));
    }
  });
});

describe("formatPercent", () => {
  it("gives one decimal, or a dash without a rate", () => {
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(null)).toBe("—");
  });
});
