import { describe, expect, it } from "vitest";
import { defaultExpiryDay, expiresAtForDay, expiryDayRange, expiryWarning, keyExpiry, lastValidDay } from "./expiry";

// 2026-12-07 23:30 in China (15:30 UTC).
const NOW = new Date("2026-12-07T15:30:00Z");

describe("API key expiry", () => {
  it("defaults to the same day a year on, China calendar", () => {
    expect(defaultExpiryDay(NOW)).toBe("2027-12-07");
    expect(defaultExpiryDay(new Date("2026-12-07T16:30:00Z"))).toBe("2027-12-08"); // already the 8th in China
    expect(expiryDayRange(NOW)).toEqual({ min: "2026-12-08", max: "2029-12-07" });
  });

  it("works through its last day and stops at the following midnight, China time", () => {
    const expiresAt = expiresAtForDay("2026-12-21");
    expect(expiresAt.toISOString()).toBe("2026-12-21T16:00:00.000Z");
    expect(lastValidDay(expiresAt)).toBe("2026-12-21");
  });

  it("warns in the last 14 days (today counts) and is expired after", () => {
    expect(keyExpiry(expiresAtForDay("2026-12-21"), NOW)).toEqual({ state: "valid", daysLeft: 15 }); // 7th … 21st
    const expiresAt = expiresAtForDay("2026-12-20");
    expect(keyExpiry(expiresAt, NOW)).toEqual({ state: "expiring", daysLeft: 14 });
    expect(expiryWarning(expiresAt, NOW)).toBe("API 密钥即将过期：有效期至 2026-12-20，还剩 14 天，请及时更换");
    expect(keyExpiry(expiresAt, new Date("2026-12-20T16:00:00Z")).state).toBe("expired");
    expect(expiryWarning(expiresAt, new Date("2026-12-21T00:00:00Z"))).toBe("API 密钥已过期");
  });
});
