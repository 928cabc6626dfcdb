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

/**
 * True when `s` is 17 digits + a digit or upper-case X, embeds a real birth date between
 * 1900-01-01 and `today` (inclusive; defaults to the current UTC date) and has the right
 * check character. A lower-case x is rejected: callers normalise input first if they accept it.
 */
export function isValidIdNumber(s: string, today: Date = new Date()): boolean {
  if (typeof s !== "string" || !FORMAT.test(s)) return false;
  const birth = idNumberBirthDate(s);
  if (!birth || birth.year < 1900) return false;
  const birthUtc = Date.UTC(birth.year, birth.month - 1, birth.day);
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (birthUtc > todayUtc) return false;
  return idNumberCheckDigit(s.slice(0, 17)) === s[17];
}
