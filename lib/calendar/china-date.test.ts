import { describe, expect, it } from "vitest";
import { addDays, addMonths, addMonthsToDay, addYears, chinaDay, chinaDayStart, chinaToday, firstDayOfMonth, lastDayOfMonth, monthBounds, monthLabel, monthOf } from "./china-date";

const intlDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

describe("China calendar days", () => {
  it("today is China's date, not the server's or UTC's", () => {
    expect(chinaToday(new Date("2026-12-07T15:59:59Z"))).toBe("2026-12-07");
    expect(chinaToday(new Date("2026-12-07T16:00:00Z"))).toBe("2026-12-08");
    expect(chinaDay(new Date("2026-12-31T23:30:00+08:00"))).toBe("2026-12-31");
  });
  it("agrees with Intl in Asia/Shanghai around every midnight from 1992 to 2040", () => {
    for (let ms = Date.UTC(1992, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 9_999_999_937) {
      for (const at of [new Date(ms), new Date(ms - (ms % 86_400_000) + 16 * 3_600_000 - 1), new Date(ms - (ms % 86_400_000) + 16 * 3_600_000)]) {
        expect(chinaDay(at)).toBe(intlDay.format(at));
      }
    }
  });
  it("a day starts at midnight China time", () => {
    expect(new Date(chinaDayStart("2026-12-08")).toISOString()).toBe("2026-12-07T16:00:00.000Z");
  });
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-12-08", 0)).toBe("2026-12-08");
  });
  it("adds years; 29 February rolls to 1 March", () => {
    expect(addYears("2026-12-08", 1)).toBe("2027-12-08");
    expect(addYears("2024-02-29", 1)).toBe("2025-03-01");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
  });
});

describe("China calendar months", () => {
  it("steps across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-11", -13)).toBe("2025-10");
    expect(addMonths("2026-11", 0)).toBe("2026-11");
  });
  it("refuses what is not a month", () => {
    expect(() => addMonths("2026-13", 1)).toThrow(RangeError);
  });
  it("knows the month of a day and its first and last days, leap years included", () => {
    expect(monthOf("2026-02-17")).toBe("2026-02");
    expect(firstDayOfMonth("2026-02")).toBe("2026-02-01");
    expect(lastDayOfMonth("2024-02")).toBe("2024-02-29");
    expect(lastDayOfMonth("2026-02")).toBe("2026-02-28");
    expect(lastDayOfMonth("2100-02")).toBe("2100-02-28");
    expect(lastDayOfMonth("2000-02")).toBe("2000-02-29");
    expect(lastDayOfMonth("2026-12")).toBe("2026-12-31");
  });
  it("bounds a month in China time", () => {
    expect(monthBounds("2026-12")).toEqual({ start: "2026-12-01T00:00:00+08:00", end: "2027-01-01T00:00:00+08:00" });
  });
  it("adds months to a day, a day the month lacks becoming its last (as PostgreSQL's date + interval does)", () => {
    expect(addMonthsToDay("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonthsToDay("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonthsToDay("2026-12-08", 1)).toBe("2027-01-08");
    expect(addMonthsToDay("2026-12-08", -24)).toBe("2024-12-08");
    expect(addMonthsToDay("2026-01-31", 0)).toBe("2026-01-31");
  });
  it("writes a month the way explanations do", () => {
    expect(monthLabel("2026-03")).toBe("2026年3月");
    expect(monthLabel("2026-12")).toBe("2026年12月");
    expect(() => monthLabel("2026-3")).toThrow(RangeError);
  });
});
