import { describe, expect, it } from "vitest";
import { lastFullMonth, monthLabel, trailingMonths } from "./period";

describe("stats periods", () => {
  it("the last full month is the one before today's (China time)", () => {
    expect(lastFullMonth("2026-11-25")).toBe("2026-10");
    expect(lastFullMonth("2026-01-01")).toBe("2025-12");
  });
  it("labels and windows", () => {
    expect(monthLabel("2026-03")).toBe("2026年3月");
    expect(trailingMonths("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
  });
});
