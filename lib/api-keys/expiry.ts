// When an API key stops working, and when its admins are warned. No database here: pages may import it.
import { addDays, addYears, chinaDay, chinaDayStart, chinaToday } from "../calendar/china-date";

/** How long a key lives unless the admin chooses otherwise. */
export const DEFAULT_KEY_LIFETIME_YEARS = 1;
/** The longest validity an admin may give a key. */
export const MAX_KEY_LIFETIME_YEARS = 3;
/** From this many days before expiry the key list and every API answer warn. */
export const EXPIRY_WARNING_DAYS = 14;

const DAY_MS = 24 * 3600 * 1000;

/** The default last valid day (China calendar) for a key created on `now`. */
export function defaultExpiryDay(now: Date = new Date()): string {
  return addYears(chinaToday(now), DEFAULT_KEY_LIFETIME_YEARS);
}

/** The range a chosen last valid day must fall in: from tomorrow to MAX_KEY_LIFETIME_YEARS ahead. */
export function expiryDayRange(now: Date = new Date()): { min: string; max: string } {
  const today = chinaToday(now);
  return { min: addDays(today, 1), max: addYears(today, MAX_KEY_LIFETIME_YEARS) };
}

/** A key valid through `day` (China calendar) stops at the following midnight, China time. */
export function expiresAtForDay(day: string): Date {
  return new Date(chinaDayStart(addDays(day, 1)));
}

/** The last day (China calendar) a key works: the day before the midnight it stops at. */
export function lastValidDay(expiresAt: Date): string {
  return chinaDay(new Date(expiresAt.getTime() - 1));
}

export type ExpiryState = "valid" | "expiring" | "expired";

export interface KeyExpiry {
  state: ExpiryState;
  /** Whole days left, rounded up (0 once expired). */
  daysLeft: number;
}

export function keyExpiry(expiresAt: Date, now: Date = new Date()): KeyExpiry {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return { state: "expired", daysLeft: 0 };
  const daysLeft = Math.ceil(left / DAY_MS);
  return { state: daysLeft <= EXPIRY_WARNING_DAYS ? "expiring" : "valid", daysLeft };
}

/** The warning an admin or a client reads, in Chinese. */
export function expiryWarning(expiresAt: Date, now: Date = new Date()): string | null {
  const { state, daysLeft } = keyExpiry(expiresAt, now);
  if (state === "expired") return "API 密钥已过期";
  if (state === "expiring") return `API 密钥即将过期：有效期至 ${lastValidDay(expiresAt)}，还剩 ${daysLeft} 天，请及时更换`;
  return null;
}
