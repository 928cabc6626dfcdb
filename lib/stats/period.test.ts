import { describe, expect, it } from "vitest";
import { addMonths, lastDay, lastFullMonth, monthBounds, monthLabel, trailingMonths } from "./period";

describe("stats periods", () => {
  it("steps across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-11", -13)).toBe("2025-10");
  });
  it("the last full month is the one before today's (China time)", () => {
    expect(lastFullMonth("2026-11-25")).toBe("2026-10");
    expect(lastFullMonth("2026-01-01")).toBe("2025-12");
  });
  it("knows month ends, leap years included", () => {
    expect(lastDay("2024-02")).toBe("2024-02-29");
    expect(lastDay("2026-02")).toBe("2026-02-28");
    expect(lastDay("2026-12")).toBe("2026-12-31");
  });
  it("bounds a month in China time", () => {
    expect(monthBounds("2026-12")).toEqual({ start: "2026-12-01T00:00:00+08:00", end: "2027-01-01T00:00:00+08:00" });
  });
  it("labels and windows", () => {
    expect(monthLabel("2026-03")).toBe("2026年3月");
    expect(trailingMonths("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
  });
});
