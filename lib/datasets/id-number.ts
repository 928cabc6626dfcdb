/**
 * GB 11643-1999 citizen identity number (公民身份号码): 6-digit address code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence code (odd = male, even = female) and a check character computed
 * with ISO 7064 MOD 11-2. Pure: the importer, the quality checks and the synthetic generator
 * all use it.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Index = (weighted sum mod 11); value = the check character.
const CHECK_CHARS = "10X98765432";

const FORMAT = /^\d{17}[\dX]$/;
const FIRST_17 = /^\d{17}$/;

/** The check character (0-9 or X) for the first 17 digits. Throws on anything but 17 digits. */
export function idNumberCheckDigit(first17: string): string {
  if (!FIRST_17.test(first17)) throw new Error(`身份证号前 17 位须为数字：${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Year, month, day of the embedded birth date, or null when it is not a real calendar date. */
export function idNumberBirthDate(id: string): { year: number; month: number; day: number } | null {
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  // Date.UTC rolls 02-30 over to 03-02; a real date survives the round trip.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** "男" or "女" from the sequence code's last digit (odd = male). Assumes a well-formed number. */
export function idNumberGender(id: string): "男" | "女" {
  return (id.charCodeAt(16) - 48) % 2 === 1 ? "男" : "女";
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// YYYYMMDD of today (UTC) as a number, recomputed at most once a minute: the importer checks
// millions of numbers and must not build a Date for each.
let todayKey = 0;
let todayKeyAt = 0;
function currentDayKey(): number {
  const now = Date.now();
  if (now - todayKeyAt > 60_000) {
    const d = new Date(now);
    todayKey = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    todayKeyAt = now;
  }
  return todayKey;
}

/**
 * True when `s` is 17 digits + a digit or upper-case X, embeds a real birth date between
 * 1900-01-01 and `today` (inclusive; defaults to the current UTC date) and has the right
 * check character. A lower-case x is rejected: callers normalise input first if they accept it.
 * Hand-rolled over char codes: it runs once per ID cell of every import.
 */
export function isValidIdNumber(s: string, today?: Date): boolean {
  if (typeof s !== "string" || s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * WEIGHTS[i];
  }
  if (CHECK_CHARS[sum % 11] !== s[17]) return false;
  const digit = (i: number): number => s.charCodeAt(i) - 48;
  const year = digit(6) * 1000 + digit(7) * 100 + digit(8) * 10 + digit(9);
  const month = digit(10) * 10 + digit(11);
  const day = digit(12) * 10 + digit(13);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const limit = today ? today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate() : currentDayKey();
  return year * 10000 + month * 100 + day <= limit;
}

/**
 * The same check over 18 bytes of a buffer (ASCII digits, upper-case X), for the importer's
 * byte path: no string is made for the common, valid case.
 */
export function isValidIdNumberBytes(buf: Uint8Array, offset: number): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = buf[offset + i] - 48;
    if (d < 0 || d > 9) return false;
    sum += d * WEIGHTS[i];
  }
  if (CHECK_CHARS.charCodeAt(sum % 11) !== buf[offset + 17]) return false;
  // No inner closure here: under tsx each call would wrap one in a costly __name call.
  const year = (buf[offset + 6] - 48) * 1000 + (buf[offset + 7] - 48) * 100 + (buf[offset + 8] - 48) * 10 + (buf[offset + 9] - 48);
  const month = (buf[offset + 10] - 48) * 10 + (buf[offset + 11] - 48);
  const day = (buf[offset + 12] - 48) * 10 + (buf[offset + 13] - 48);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return year * 10000 + month * 100 + day <= currentDayKey();
}
