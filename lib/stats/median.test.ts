import { describe, expect, it } from "vitest";
import { medianAgeDays } from "./median";

const at = new Date("2026-11-01T00:00:00+08:00");

describe("median backlog age from day counts", () => {
  it("is null without clues", () => {
    expect(medianAgeDays([], at)).toBeNull();
    expect(medianAgeDays([{ day: "2026-10-01", n: 0 }], at)).toBeNull();
  });
  it("takes each clue as found at noon of its day", () => {
    expect(medianAgeDays([{ day: "2026-10-30", n: 1 }], at)).toBe(1.5);
  });
  it("picks the middle clue of an odd count, weighting days by their counts", () => {
    // Ages 1.5 ×3, 10.5 ×1, 30.5 ×1 → the third youngest is 1.5.
    expect(medianAgeDays([{ day: "2026-10-30", n: 3 }, { day: "2026-10-21", n: 1 }, { day: "2026-10-01", n: 1 }], at)).toBe(1.5);
  });
  it("averages the middle two of an even count, across days given in any order and repeated", () => {
    // Ages 1.5, 10.5 | 30.5, 40.5 → (10.5 + 30.5) / 2.
    const days = [{ day: "2026-10-01", n: 1 }, { day: "2026-10-30", n: 1 }, { day: "2026-09-21", n: 1 }, { day: "2026-10-21", n: 1 }];
    expect(medianAgeDays(days, at)).toBe(20.5);
    expect(medianAgeDays([...days.slice(0, 2), { day: "2026-10-21", n: 1 }, { day: "2026-09-21", n: 1 }], at)).toBe(20.5);
  });
  it("nets corrections for the same day (a clue counted now but not open then)", () => {
    expect(medianAgeDays([{ day: "2026-10-30", n: 2 }, { day: "2026-10-30", n: -1 }, { day: "2026-10-01", n: 2 }], at)).toBe(30.5);
  });
});

describe("before noon China time", () => {
  it("counts a clue found this morning as age 0, not below zero (the median of an even count stays put)", () => {
    const morning = new Date("2026-12-08T07:00:00+08:00");
    // Ages 0 (found today, before noon) and 114.8 (2026-08-15) → 57.4, not (−0.2 + 114.8) / 2 = 57.3.
    expect(medianAgeDays([{ day: "2026-12-08", n: 1 }, { day: "2026-08-15", n: 1 }], morning)).toBe(57.4);
    expect(medianAgeDays([{ day: "2026-12-08", n: 1 }], morning)).toBe(0);
  });
});
